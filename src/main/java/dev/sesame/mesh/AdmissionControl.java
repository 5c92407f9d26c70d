package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.link.HandshakeException;
import dev.sesame.link.PeerId;
import dev.sesame.transport.PipeSource;
import dev.sesame.util.Clock;
import dev.sesame.util.ReasonCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The limits every new incoming pipe meets, and the peer cap every new link meets
 * ({@code docs/SECURITY.md} §Admission and §Junk connections). Thread-safe: the transports
 * ask, the handshake threads report progress, the mesh thread and the handshake threads release.
 *
 * <p>Limits are kept per {@link PipeSource}: an IPv4 address, an IPv6 /64, one relay (every
 * pipe through it), or the local tor (every onion pipe). An incoming pipe goes through three
 * stages, each with its own limits:
 * <ol>
 *   <li><b>pending</b> (before and during TLS): refused at once when the peer cap is reached
 *       ({@code too_many_peers}), when its source already has {@code maxPerSource} incoming links
 *       ({@code too_many_from_address}), or when its source's guess budget is empty and no peer
 *       ever linked from it ({@code throttled}). At most {@link Limits#MAX_PENDING_PER_SOURCE}
 *       per source and {@link Limits#MAX_PENDING} in all: when full, the source's oldest pending
 *       pipe that has sent nothing yet, else its oldest (or that of the source holding the most),
 *       is dropped ({@code evicted}). It must
 *       send its first byte within {@link Limits#FIRST_BYTE_TIMEOUT}.</li>
 *   <li><b>handshake</b> (TLS up, the phrase handshake running): at most
 *       {@link Limits#MAX_HANDSHAKES_PER_SOURCE} per source and {@link Limits#MAX_CONCURRENT_HANDSHAKES}
 *       in all. A new one that finds no slot takes the slot of the handshake that has gone longest
 *       without a new flight, if that is over {@link Limits#HANDSHAKE_STALL_EVICTABLE} and its
 *       FINISH is not out: from its own source, or, when all slots are taken, from a source that
 *       holds more slots than the newcomer's (fair shares). Otherwise {@code busy_source} /
 *       {@code busy}. It reserves a guess token ({@link Limits#AUTH_FAILURE_BURST}, one back per
 *       {@link Limits#AUTH_FAILURE_REFILL}), given back unless it fails to authenticate
 *       ({@code throttled}); a peer id that already authenticated in this run needs none.</li>
 *   <li><b>link</b>: fewer than {@code maxPeers} in all, fewer than {@code maxPerSource} incoming
 *       links and handshakes per source.</li>
 * </ol>
 * What a pipe holds is its {@link AdmissionTicket}; closing it releases exactly that, once.
 */
final class AdmissionControl {
    private final Clock clock;
    private final int maxPeers;
    private final int maxPerSource;
    /** Pending tickets per source, oldest first. */
    private final Map<PipeSource, LinkedHashSet<AdmissionTicket>> pending = new HashMap<>();
    private final Map<PipeSource, List<AdmissionTicket>> handshakes = new HashMap<>();
    private final Map<PipeSource, Integer> incomingPerSource = new HashMap<>();
    private final Map<PipeSource, Bucket> budgets = new HashMap<>();
    private final Map<PeerId, Boolean> knownPeers = lru();
    private final Map<PipeSource, Boolean> trustedSources = lru();
    private int pendingCount;
    private int handshakeCount;
    private int links;

    AdmissionControl(Clock clock, int maxPeers, int maxPerSource) {
        this.clock = clock;
        this.maxPeers = maxPeers;
        this.maxPerSource = maxPerSource;
    }

    private static <K> Map<K, Boolean> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Boolean> eldest) {
                return size() > Limits.MAX_REMEMBERED_PEERS;
            }
        };
    }

    /** The answer to a new incoming pipe. */
    sealed interface Decision {}

    /** Go ahead: the ticket holds a pending place. */
    record Admitted(AdmissionTicket ticket) implements Decision {}

    /** Refused at once, with the reason shown in the {@code rejected} event. */
    record Refused(Refusal reason) implements Decision {}

    /** An incoming pipe from {@code source} with no way to drop it (tests). */
    Decision admitIncoming(PipeSource source) {
        return admitIncoming(source, () -> {});
    }

    /** Admits a new incoming pipe as pending, or says why not; {@code abort} drops it if it is evicted later. */
    Decision admitIncoming(PipeSource source, Runnable abort) {
        return admitIncoming(source, abort, () -> false);
    }

    /**
     * As {@link #admitIncoming(PipeSource, Runnable)}; {@code bytesWaiting} says, cheaply and
     * without blocking, whether the pipe has bytes we have not read yet (the socket's
     * {@code available()}), so that a pipe whose handshake thread has not run yet is not taken
     * for a silent or stalled one.
     */
    Decision admitIncoming(PipeSource source, Runnable abort, BooleanSupplier bytesWaiting) {
        AdmissionTicket victim = null;
        Decision decision;
        synchronized (this) {
            decision = check(source);
            if (decision == null) {
                LinkedHashSet<AdmissionTicket> own = pending.computeIfAbsent(source, s -> new LinkedHashSet<>());
                if (own.size() >= Limits.MAX_PENDING_PER_SOURCE) {
                    victim = leastAdvanced(own);
                } else if (pendingCount >= Limits.MAX_PENDING) {
                    victim = oldestPendingOfLargestSource(own.size());
                    if (victim == null) decision = new Refused(Refusal.BUSY);
                }
                if (victim != null) evict(victim);
                if (decision == null) {
                    AdmissionTicket ticket = new AdmissionTicket(this, source, true, AdmissionTicket.State.PENDING, abort,
                            bytesWaiting, clock.nanoTime());
                    own.add(ticket);
                    pendingCount++;
                    decision = new Admitted(ticket);
                }
            }
        }
        if (victim != null) victim.abort.run();
        return decision;
    }

    private Refused check(PipeSource source) {
        if (links >= maxPeers) return new Refused(Refusal.TOO_MANY_PEERS);
        if (incomingPerSource.getOrDefault(source, 0) >= maxPerSource) return new Refused(Refusal.TOO_MANY_FROM_ADDRESS);
        Bucket budget = budgets.get(source);
        if (budget != null && !budget.has(clock.nanoTime()) && !trustedSources.containsKey(source)) return new Refused(Refusal.THROTTLED);
        return null;
    }

    private AdmissionTicket oldestPendingOfLargestSource(int newcomerHolds) {
        LinkedHashSet<AdmissionTicket> largest = null;
        for (LinkedHashSet<AdmissionTicket> set : pending.values()) {
            if (set.size() > newcomerHolds + 1 && (largest == null || set.size() > largest.size())) largest = set;
        }
        return largest == null ? null : leastAdvanced(largest);
    }

    /**
     * The pending pipe to drop: the oldest that has sent nothing (its handshake thread saw no
     * byte and none is waiting to be read), else the one stalled longest (it has kept us waiting
     * over {@link Limits#HANDSHAKE_STALL_EVICTABLE} with nothing unread: a trickled or half-open
     * TLS handshake), else the one keeping us waiting longest however briefly (while junk churns
     * every pipe is young; a peer we are still answering waits for nothing), else the oldest. A real peer sends its ClientHello at once and answers our
     * TLS flight at once, so while junk keeps arriving it is none of these for long, even when
     * the listener is too busy to read it at once (docs/SECURITY.md §Junk connections).
     */
    private AdmissionTicket leastAdvanced(LinkedHashSet<AdmissionTicket> set) {
        for (AdmissionTicket t : set) {
            if (!t.sentFirstByte && !t.hasBytesWaiting()) return t;
        }
        AdmissionTicket stalest = stalest(set, Limits.HANDSHAKE_STALL_EVICTABLE.toNanos());
        if (stalest == null) {
            // None for long: the one keeping us waiting longest, among those whose reads we see
            // (one that has not begun to read is one we are still working on).
            stalest = stalest(set.stream().filter(t -> t.observesReads).toList(), 0);
        }
        return stalest != null ? stalest : set.getFirst();
    }

    synchronized void firstByte(AdmissionTicket ticket) {
        ticket.sentFirstByte = true;
        ticket.lastProgressNanos = clock.nanoTime();
    }

    /** PENDING → HANDSHAKE once TLS shows the peer's id; a present value refuses it. */
    Optional<ReasonCode> startHandshake(AdmissionTicket ticket, PeerId peer) {
        AdmissionTicket victim = null;
        Optional<ReasonCode> refusal;
        synchronized (this) {
            refusal = tryStartHandshake(ticket, peer);
            if (refusal.isEmpty()) {
                Slot slot = needSlot(ticket.source);
                if (slot.refusal() != null) {
                    refusal = Optional.of(slot.refusal());
                } else {
                    victim = slot.evict();
                    if (victim != null) evict(victim);
                    takeHandshake(ticket, peer);
                }
            }
            if (refusal.isPresent() && ticket.tokenTaken) {
                ticket.tokenTaken = false;
                refund(ticket.source);
            }
        }
        if (victim != null) victim.abort.run();
        return refusal;
    }

    private Optional<ReasonCode> tryStartHandshake(AdmissionTicket ticket, PeerId peer) {
        if (ticket.state != AdmissionTicket.State.PENDING) return Optional.of(ticket.evicted ? Refusal.EVICTED : HandshakeException.Reason.CLOSED);
        if (incomingPerSource.getOrDefault(ticket.source, 0) >= maxPerSource) return Optional.of(Refusal.TOO_MANY_FROM_ADDRESS);
        if (!knownPeers.containsKey(peer)) {
            Bucket budget = budgets.computeIfAbsent(ticket.source, s -> new Bucket(clock.nanoTime()));
            if (!budget.take(clock.nanoTime())) return Optional.of(Refusal.THROTTLED);
            ticket.tokenTaken = true;
        }
        return Optional.empty();
    }

    /** How a new handshake gets its slot: free ({@code evict} null), by evicting one, or not at all ({@code refusal}). */
    private record Slot(AdmissionTicket evict, Refusal refusal) {}

    private Slot needSlot(PipeSource source) {
        List<AdmissionTicket> own = handshakes.getOrDefault(source, List.of());
        if (own.size() >= Limits.MAX_HANDSHAKES_PER_SOURCE) {
            AdmissionTicket stalest = stalest(own);
            return stalest == null ? new Slot(null, Refusal.BUSY_SOURCE) : new Slot(stalest, null);
        }
        if (handshakeCount < Limits.MAX_CONCURRENT_HANDSHAKES) return new Slot(null, null);
        List<AdmissionTicket> candidates = new ArrayList<>();
        for (List<AdmissionTicket> held : handshakes.values()) {
            if (held.size() > own.size()) candidates.addAll(held); // fair shares: only from a source holding more
        }
        AdmissionTicket stalest = stalest(candidates);
        return stalest == null ? new Slot(null, Refusal.BUSY) : new Slot(stalest, null);
    }

    private AdmissionTicket stalest(List<AdmissionTicket> among) {
        List<AdmissionTicket> open = among.stream().filter(t -> !t.finishing).toList();
        return stalest(open, Limits.HANDSHAKE_STALL_EVICTABLE.toNanos());
    }

    /**
     * The ticket whose read has waited longest, at least {@code thresholdNanos}, with nothing
     * unread; null if none. The socket is asked only about the best candidates, a few at most,
     * not about every ticket (this runs for every new pipe while junk arrives).
     */
    private AdmissionTicket stalest(Iterable<AdmissionTicket> among, long thresholdNanos) {
        long now = clock.nanoTime();
        List<AdmissionTicket> unread = new ArrayList<>(0);
        for (int probe = 0; probe < STALL_PROBES; probe++) {
            AdmissionTicket best = null;
            for (AdmissionTicket t : among) {
                long since = t.waitingSince();
                if (since == AdmissionTicket.NOT_READING || now - since < thresholdNanos || unread.contains(t)) continue;
                if (best == null || since < best.waitingSince()) best = t;
            }
            if (best == null || !best.hasBytesWaiting()) return best;
            unread.add(best); // its bytes wait for us: not stalled, we are slow
        }
        return null;
    }

    /** How many candidates {@link #stalest} asks the socket about before it gives up. */
    private static final int STALL_PROBES = 4;

    long now() {
        return clock.nanoTime();
    }

    private void takeHandshake(AdmissionTicket ticket, PeerId peer) {
        removePending(ticket);
        ticket.state = AdmissionTicket.State.HANDSHAKE;
        ticket.peer = peer;
        ticket.lastProgressNanos = clock.nanoTime();
        handshakes.computeIfAbsent(ticket.source, s -> new ArrayList<>()).add(ticket);
        handshakeCount++;
        incomingPerSource.merge(ticket.source, 1, Integer::sum);
    }

    synchronized void progressed(AdmissionTicket ticket) {
        ticket.lastProgressNanos = clock.nanoTime();
    }

    synchronized void finishing(AdmissionTicket ticket) {
        ticket.finishing = true;
    }

    /** A peer slot for a link we dialled; empty when the peer cap is reached. */
    synchronized Optional<AdmissionTicket> openOutgoing(PipeSource source) {
        if (links >= maxPeers) return Optional.empty();
        links++;
        return Optional.of(new AdmissionTicket(this, source, false, AdmissionTicket.State.LINK, () -> {}, clock.nanoTime()));
    }

    /** An outgoing attempt failed to authenticate the peer: counts against that source too. */
    synchronized void outgoingAuthenticationFailed(PipeSource source) {
        budgets.computeIfAbsent(source, s -> new Bucket(clock.nanoTime())).take(clock.nanoTime());
    }

    /** PENDING/HANDSHAKE → LINK: the slot and token go back; false (and all released) when the peer cap is reached. */
    synchronized boolean promote(AdmissionTicket ticket) {
        switch (ticket.state) {
            case LINK -> {
                return true;
            }
            case RELEASED -> {
                return false;
            }
            case PENDING -> removePending(ticket);
            case HANDSHAKE -> endHandshake(ticket);
        }
        if (ticket.tokenTaken) refund(ticket.source);
        ticket.tokenTaken = false;
        if (ticket.peer != null) knownPeers.put(ticket.peer, true);
        trustedSources.put(ticket.source, true);
        if (links >= maxPeers) {
            if (ticket.state == AdmissionTicket.State.HANDSHAKE) decrement(incomingPerSource, ticket.source);
            ticket.state = AdmissionTicket.State.RELEASED;
            return false;
        }
        if (ticket.state == AdmissionTicket.State.PENDING) incomingPerSource.merge(ticket.source, 1, Integer::sum);
        links++;
        ticket.state = AdmissionTicket.State.LINK;
        return true;
    }

    synchronized void release(AdmissionTicket ticket) {
        switch (ticket.state) {
            case PENDING -> removePending(ticket);
            case HANDSHAKE -> {
                endHandshake(ticket);
                decrement(incomingPerSource, ticket.source);
                if (ticket.authenticationFailed && !ticket.tokenTaken) {
                    // A known peer id failed to authenticate after all: it pays like anyone.
                    budgets.computeIfAbsent(ticket.source, s -> new Bucket(clock.nanoTime())).take(clock.nanoTime());
                } else if (ticket.tokenTaken && !ticket.authenticationFailed) {
                    refund(ticket.source);
                }
            }
            case LINK -> {
                links--;
                if (ticket.incoming) decrement(incomingPerSource, ticket.source);
            }
            case RELEASED -> { }
        }
        ticket.state = AdmissionTicket.State.RELEASED;
    }

    /** Drops {@code victim}'s holdings now; the caller runs its abort after leaving the lock. */
    private void evict(AdmissionTicket victim) {
        victim.evicted = true;
        release(victim);
    }

    private void removePending(AdmissionTicket ticket) {
        LinkedHashSet<AdmissionTicket> set = pending.get(ticket.source);
        if (set != null && set.remove(ticket)) {
            pendingCount--;
            if (set.isEmpty()) pending.remove(ticket.source);
        }
    }

    private void endHandshake(AdmissionTicket ticket) {
        List<AdmissionTicket> list = handshakes.get(ticket.source);
        if (list != null && list.remove(ticket)) {
            handshakeCount--;
            if (list.isEmpty()) handshakes.remove(ticket.source);
        }
    }

    synchronized boolean full() {
        return links >= maxPeers;
    }

    /** Forgets budgets that are full again and idle, so the table does not grow without bound. */
    synchronized void prune() {
        long now = clock.nanoTime();
        budgets.entrySet().removeIf(e -> e.getValue().full(now) && !handshakes.containsKey(e.getKey()));
    }

    synchronized int trackedSources() {
        return budgets.size();
    }

    synchronized int handshakesInProgress() {
        return handshakeCount;
    }

    synchronized int pendingPipes() {
        return pendingCount;
    }

    synchronized int linksOpen() {
        return links;
    }

    private void refund(PipeSource source) {
        Bucket budget = budgets.get(source);
        if (budget != null) budget.refund(clock.nanoTime());
    }

    private static void decrement(Map<PipeSource, Integer> counts, PipeSource source) {
        counts.computeIfPresent(source, (s, n) -> n <= 1 ? null : n - 1);
    }

    /** The guess budget of one source. */
    private static final class Bucket {
        private double tokens = Limits.AUTH_FAILURE_BURST;
        private long updated;

        Bucket(long now) {
            this.updated = now;
        }

        private void refill(long now) {
            double perNano = 1.0 / Limits.AUTH_FAILURE_REFILL.toNanos();
            tokens = Math.min(Limits.AUTH_FAILURE_BURST, tokens + (now - updated) * perNano);
            updated = now;
        }

        boolean has(long now) {
            refill(now);
            return tokens >= 1;
        }

        boolean take(long now) {
            refill(now);
            if (tokens < 1) return false;
            tokens -= 1;
            return true;
        }

        void refund(long now) {
            refill(now);
            tokens = Math.min(Limits.AUTH_FAILURE_BURST, tokens + 1);
        }

        boolean full(long now) {
            refill(now);
            return tokens >= Limits.AUTH_FAILURE_BURST;
        }
    }
}
