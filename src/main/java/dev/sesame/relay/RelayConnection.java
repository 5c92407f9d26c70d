package dev.sesame.relay;

import dev.sesame.limits.Limits;
import dev.sesame.link.HandshakeException;
import dev.sesame.link.TlsChannel;
import dev.sesame.link.TlsContext;
import dev.sesame.relay.RelayMessage.MemberId;
import dev.sesame.transport.Pipe;
import dev.sesame.transport.PipeSource;
import dev.sesame.util.Clock;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One accepted connection at the relay, on its own virtual thread: TLS, then the first record
 * decides what it is, all within {@link Limits#RELAY_REGISTER_DEADLINE} of the accept (a watchdog
 * drops it otherwise). REGISTER makes it a control connection; SPLICE makes it one end of a pipe.
 * A malformed, unknown or misplaced record closes this connection only
 * ({@code docs/PROTOCOL.md}, "Relay").
 */
final class RelayConnection {
    /** The longest first record: REGISTER (version, room hash, member id). */
    private static final int FIRST_RECORD_MAX = 1 + RelayMessage.ROOM_HASH_BYTES + RelayMessage.MEMBER_ID_BYTES;
    /** The longest record on a control connection after REGISTER: PIPE_REQUEST. */
    private static final int CONTROL_RECORD_MAX = 4 + RelayMessage.MEMBER_ID_BYTES;

    private final Pipe tcp;
    private final PipeSource.Address source;
    private final TlsContext tls;
    private final Rooms rooms;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Runnable released;
    private final Splicer.Factory splicing;
    private final AtomicBoolean settled = new AtomicBoolean();

    RelayConnection(Pipe tcp, PipeSource.Address source, TlsContext tls, Rooms rooms, Clock clock,
                    ScheduledExecutorService timer, Runnable released, Splicer.Factory splicing) {
        this.splicing = splicing;
        this.tcp = tcp;
        this.source = source;
        this.tls = tls;
        this.rooms = rooms;
        this.clock = clock;
        this.timer = timer;
        this.released = released;
    }

    /** Runs the connection to its end; the connection slot is released exactly once, when it ends. */
    void run() {
        long deadline = clock.nanoTime() + Limits.RELAY_REGISTER_DEADLINE.toNanos();
        ScheduledFuture<?> watchdog = timer.schedule(() -> {
            if (settled.compareAndSet(false, true)) tcp.abort();
        }, Limits.RELAY_REGISTER_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        boolean handedOver = false;
        TlsChannel channel = null;
        try {
            channel = TlsChannel.open(tls, tcp, false, Limits.RELAY_REGISTER_DEADLINE, timer);
            channel.setReadTimeout(remaining(deadline));
            RelayMessage first;
            try {
                first = RelayCodec.read(channel.input(), FIRST_RECORD_MAX);
            } catch (RelayProtocolException e) {
                refuse(channel, e.reason() == RelayProtocolException.Reason.BAD_VERSION ? RelayRefusal.BAD_VERSION : RelayRefusal.MALFORMED);
                return;
            }
            if (!settled.compareAndSet(false, true)) return; // the watchdog fired first
            watchdog.cancel(false);
            switch (first) {
                case RelayMessage.Register register -> control(channel, register);
                case RelayMessage.Splice splice -> handedOver = splice(channel, splice);
                default -> refuse(channel, RelayRefusal.MALFORMED);
            }
        } catch (HandshakeException | IOException e) {
            // TLS failed, or the client went silent or away: nothing to tell anyone
        } finally {
            watchdog.cancel(false);
            if (!handedOver) {
                if (channel != null) channel.close();
                else tcp.abort();
                released.run();
            }
        }
    }

    private void control(TlsChannel channel, RelayMessage.Register register) throws IOException {
        ControlSession session = new ControlSession(register.roomHash(), new MemberId(register.memberId()), source, channel);
        session.startWriter();
        var refusal = rooms.register(session);
        if (refusal.isPresent()) {
            session.send(new RelayMessage.Refused(0, refusal.get()));
            linger(session);
            return;
        }
        try {
            channel.setReadTimeout(Limits.RELAY_IDLE_TIMEOUT);
            while (session.isOpen()) {
                RelayMessage next;
                try {
                    next = RelayCodec.read(channel.input(), CONTROL_RECORD_MAX);
                } catch (RelayProtocolException e) {
                    session.send(new RelayMessage.Refused(0, RelayRefusal.MALFORMED));
                    linger(session);
                    return;
                }
                switch (next) {
                    case RelayMessage.KeepAlive k -> session.send(new RelayMessage.KeepAlive());
                    case RelayMessage.PipeRequest request -> rooms.requestPipe(session, request.requestId(), request.target());
                    default -> {
                        session.send(new RelayMessage.Refused(0, RelayRefusal.MALFORMED));
                        linger(session);
                        return;
                    }
                }
            }
        } catch (EOFException | SocketTimeoutException e) {
            // the member left, or was idle past the timeout
        } finally {
            rooms.unregister(session);
            session.close();
        }
    }

    /** Gives a refusal a moment to reach the wire before the connection closes. */
    private static void linger(ControlSession session) {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
    }

    /** Returns true when the connection now belongs to a pipe (released when the pipe ends). */
    private boolean splice(TlsChannel channel, RelayMessage.Splice splice) {
        Runnable answer = () -> send(channel, new RelayMessage.Spliced());
        return switch (rooms.join(splice.token(), channel, answer, released)) {
            case Rooms.Join.Refused(RelayRefusal reason) -> {
                refuse(channel, reason);
                yield false;
            }
            case Rooms.Join.Waiting() -> {
                // This thread ends; the second end's thread starts the splice. This end's slot is
                // released when the pipe ends, or when the pending pipe expires (Rooms).
                yield true;
            }
            case Rooms.Join.Paired(TlsChannel other, Runnable otherAnswer, Runnable release) -> {
                otherAnswer.run();
                answer.run();
                splicing.splice(other, channel, clock, () -> {
                    release.run();
                    released.run();
                });
                yield true;
            }
        };
    }

    private static void refuse(TlsChannel channel, RelayRefusal reason) {
        send(channel, new RelayMessage.Refused(0, reason));
    }

    private static void send(TlsChannel channel, RelayMessage message) {
        try {
            channel.output().write(RelayCodec.encode(message));
            channel.output().flush();
        } catch (IOException e) {
            // the client is gone; the connection closes anyway
        }
    }

    private Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(1_000_000, deadlineNanos - clock.nanoTime()));
    }
}
