package dev.sesame.relay;

import dev.sesame.limits.Limits;
import dev.sesame.link.TlsChannel;
import dev.sesame.relay.RelayMessage.MemberId;
import dev.sesame.transport.PipeSource;
import dev.sesame.util.Clock;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The relay's whole state, in RAM only: rooms (by room hash) and their members' control
 * sessions, pending pipes (by token) and the pipe-request limits per source. It knows which
 * connections are in which room and nothing else; it never sees a name, a phrase or a message
 * ({@code docs/SECURITY.md}, "Relay"). Thread-safe: one lock, never held during I/O.
 */
final class Rooms {
    private final Clock clock;
    private final SecureRandom random;
    private final ScheduledExecutorService timer;
    private final Map<ByteBuffer, Map<MemberId, ControlSession>> rooms = new HashMap<>();
    private final Map<ByteBuffer, PendingPipe> pending = new HashMap<>();
    private final Map<PipeSource.Address, TokenBucket> requestsPerSource = new HashMap<>();
    private final Map<List<Object>, TokenBucket> requestsPerSourceAndTarget = new HashMap<>();
    private int splicedPipes;

    Rooms(Clock clock, SecureRandom random, ScheduledExecutorService timer) {
        this.clock = clock;
        this.random = random;
        this.timer = timer;
    }

    /** A pipe both members were told about; the first pipe connection to arrive waits here for the other. */
    private static final class PendingPipe {
        final ControlSession requester;
        final ControlSession target;
        final long requestId;
        TlsChannel firstEnd;
        Runnable firstEndAnswer;
        Runnable firstEndRelease;

        PendingPipe(ControlSession requester, ControlSession target, long requestId) {
            this.requester = requester;
            this.target = target;
            this.requestId = requestId;
        }
    }

    /**
     * Adds a member to its room (made if new), or says why not; then everyone in the room hears
     * the new presence. Records are queued under the lock, so a member always hears REGISTERED
     * before any PRESENCE, and presences in the order the room changed.
     */
    Optional<RelayRefusal> register(ControlSession session) {
        List<ControlSession> notReading = new ArrayList<>();
        synchronized (this) {
            ByteBuffer key = ByteBuffer.wrap(session.roomKey);
            Map<MemberId, ControlSession> room = rooms.get(key);
            if (room == null) {
                if (rooms.size() >= Limits.RELAY_MAX_ROOMS) return Optional.of(RelayRefusal.TOO_MANY_ROOMS);
                room = new LinkedHashMap<>();
                rooms.put(key, room);
            }
            if (room.containsKey(session.memberId)) return Optional.of(RelayRefusal.MEMBER_ID_TAKEN);
            if (room.size() >= Limits.RELAY_MAX_MEMBERS_PER_ROOM) return Optional.of(RelayRefusal.ROOM_FULL);
            room.put(session.memberId, session);
            if (!session.enqueue(new RelayMessage.Registered())) notReading.add(session);
            presenceTo(room, notReading);
        }
        notReading.forEach(ControlSession::close);
        return Optional.empty();
    }

    /** The member's control connection ended: it leaves its room, and the others hear it. */
    void unregister(ControlSession session) {
        List<ControlSession> notReading = new ArrayList<>();
        synchronized (this) {
            ByteBuffer key = ByteBuffer.wrap(session.roomKey);
            Map<MemberId, ControlSession> room = rooms.get(key);
            if (room == null || room.get(session.memberId) != session) return;
            room.remove(session.memberId);
            if (room.isEmpty()) rooms.remove(key);
            else presenceTo(room, notReading);
        }
        notReading.forEach(ControlSession::close);
    }

    /** Queues each member's view of the room; called under the lock. */
    private static void presenceTo(Map<MemberId, ControlSession> room, List<ControlSession> notReading) {
        for (ControlSession member : room.values()) {
            List<MemberId> others = room.keySet().stream().filter(m -> !m.equals(member.memberId)).toList();
            if (!member.enqueue(new RelayMessage.Presence(others))) notReading.add(member);
        }
    }

    /**
     * {@code requester} asks for a pipe to {@code target}: checked against the limits, then both
     * are told the same fresh token, and the pipe waits {@link Limits#RELAY_PENDING_PIPE_TIMEOUT}.
     */
    void requestPipe(ControlSession requester, long requestId, MemberId target) {
        RelayMessage answer;
        ControlSession other = null;
        byte[] token = new byte[RelayMessage.TOKEN_BYTES];
        synchronized (this) {
            Map<MemberId, ControlSession> room = rooms.get(ByteBuffer.wrap(requester.roomKey));
            ControlSession found = room == null ? null : room.get(target);
            if (found == null || found == requester || !found.isOpen()) {
                answer = new RelayMessage.Refused(requestId, RelayRefusal.NO_SUCH_MEMBER);
            } else if (!requestsPerSource.computeIfAbsent(requester.source, s -> TokenBucket.perInterval(clock,
                    Limits.RELAY_PIPE_REQUEST_BURST, Limits.RELAY_PIPE_REQUEST_REFILL)).tryTake()
                    || !requestsPerSourceAndTarget.computeIfAbsent(List.of(requester.source, ByteBuffer.wrap(requester.roomKey), target), s -> TokenBucket.perInterval(clock,
                    Limits.RELAY_PIPE_REQUEST_TO_MEMBER_BURST, Limits.RELAY_PIPE_REQUEST_TO_MEMBER_REFILL)).tryTake()) {
                answer = new RelayMessage.Refused(requestId, RelayRefusal.RATE_LIMITED);
            } else if (!takePipe(requester)) {
                answer = new RelayMessage.Refused(requestId, RelayRefusal.TOO_MANY_PIPES);
            } else if (!takePipe(found)) {
                requester.pipes.decrementAndGet();
                answer = new RelayMessage.Refused(requestId, RelayRefusal.TOO_MANY_PIPES);
            } else {
                random.nextBytes(token);
                PendingPipe pipe = new PendingPipe(requester, found, requestId);
                ByteBuffer key = ByteBuffer.wrap(token.clone());
                pending.put(key, pipe);
                timer.schedule(() -> expire(key, pipe), Limits.RELAY_PENDING_PIPE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                answer = new RelayMessage.PipeReady(requestId, token);
                other = found;
            }
        }
        if (other != null) other.send(new RelayMessage.PipeOffer(requester.memberId, token));
        requester.send(answer);
    }

    private static boolean takePipe(ControlSession member) {
        if (member.pipes.incrementAndGet() > Limits.RELAY_MAX_PIPES_PER_MEMBER) {
            member.pipes.decrementAndGet();
            return false;
        }
        return true;
    }

    private void expire(ByteBuffer key, PendingPipe pipe) {
        synchronized (this) {
            if (pending.get(key) != pipe) return; // spliced meanwhile
            pending.remove(key);
        }
        releasePipe(pipe);
        pipe.requester.send(new RelayMessage.Refused(pipe.requestId, RelayRefusal.PIPE_TIMEOUT));
        if (pipe.firstEnd != null) {
            pipe.firstEnd.close();
            pipe.firstEndRelease.run();
        }
    }

    private static void releasePipe(PendingPipe pipe) {
        pipe.requester.pipes.decrementAndGet();
        pipe.target.pipes.decrementAndGet();
    }

    /** What became of a pipe connection that presented a token. */
    sealed interface Join {
        record Refused(RelayRefusal reason) implements Join {}

        /** The first end: it waits for the other (the relay reads nothing more from it meanwhile). */
        record Waiting() implements Join {}

        /** Both ends are here: splice them. */
        record Paired(TlsChannel other, Runnable otherAnswer, Runnable release) implements Join {}
    }

    /**
     * A pipe connection presented {@code token}. {@code answerSpliced} sends SPLICED on it; for the
     * first end it runs when the second arrives. {@code releaseSlot} gives back the connection's
     * slot: for a first end, when its pipe expires or (through {@link Join.Paired#release()}) ends.
     */
    Join join(byte[] token, TlsChannel end, Runnable answerSpliced, Runnable releaseSlot) {
        synchronized (this) {
            ByteBuffer key = ByteBuffer.wrap(token);
            PendingPipe pipe = pending.get(key);
            if (pipe == null) return new Join.Refused(RelayRefusal.UNKNOWN_TOKEN);
            if (pipe.firstEnd == null) {
                pipe.firstEnd = end;
                pipe.firstEndAnswer = answerSpliced;
                pipe.firstEndRelease = releaseSlot;
                return new Join.Waiting();
            }
            pending.remove(key);
            splicedPipes++;
            PendingPipe done = pipe;
            return new Join.Paired(pipe.firstEnd, pipe.firstEndAnswer, () -> {
                synchronized (this) {
                    splicedPipes--;
                }
                releasePipe(done);
                done.firstEndRelease.run();
            });
        }
    }

    /** Forgets request limits that are full again, so idle sources cost nothing. */
    synchronized void prune() {
        requestsPerSource.values().removeIf(TokenBucket::full);
        requestsPerSourceAndTarget.values().removeIf(TokenBucket::full);
    }

    synchronized RelayStats stats(int connections) {
        int members = rooms.values().stream().mapToInt(Map::size).sum();
        return new RelayStats(connections, rooms.size(), members, pending.size(), splicedPipes);
    }
}
