package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.transport.PipeSource;
import dev.sesame.util.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The limits every new incoming pipe meets before any TLS or handshake work is spent on it, and
 * the peer cap every new link meets ({@code docs/SECURITY.md} §Admission). Thread-safe: the
 * transports ask, the mesh thread and the handshake threads release.
 *
 * <p>Limits are kept per {@link PipeSource}: an IPv4 address, an IPv6 /64, one relay (every
 * pipe through it), or the local tor (every onion pipe).
 * <ul>
 *   <li>at most {@link Limits#MAX_CONCURRENT_HANDSHAKES} incoming handshakes in all ({@code busy}),
 *       and {@link Limits#MAX_HANDSHAKES_PER_SOURCE} from one source ({@code busy_source});</li>
 *   <li>fewer links than {@code maxPeers} ({@code too_many_peers});</li>
 *   <li>fewer incoming links and handshakes from one source than {@code maxPerSource}
 *       ({@code too_many_from_address});</li>
 *   <li>a guess budget per source: every incoming handshake <em>reserves</em> a token, given back
 *       when it ends without a failed authentication. {@link Limits#AUTH_FAILURE_BURST} tokens,
 *       refilled one per {@link Limits#AUTH_FAILURE_REFILL}: online guessing of the phrase is
 *       limited to that rate however many connections a guesser opens ({@code throttled}).</li>
 * </ul>
 * What an admitted pipe holds is an {@link AdmissionTicket}; closing it releases exactly what
 * it holds, once, so no caller adjusts a counter by hand.
 */
final class AdmissionControl {
    private final Clock clock;
    private final int maxPeers;
    private final int maxPerSource;
    private final Map<PipeSource, Integer> incomingPerSource = new HashMap<>();
    private final Map<PipeSource, Integer> handshakesPerSource = new HashMap<>();
    private final Map<PipeSource, Bucket> budgets = new HashMap<>();
    private int incomingHandshakes;
    private int links;

    AdmissionControl(Clock clock, int maxPeers, int maxPerSource) {
        this.clock = clock;
        this.maxPeers = maxPeers;
        this.maxPerSource = maxPerSource;
    }

    /** The answer to a new incoming pipe. */
    sealed interface Decision {}

    /** Go ahead: the ticket holds a handshake slot, a per-source count and a guess token. */
    record Admitted(AdmissionTicket ticket) implements Decision {}

    /** Refused at once, with the reason shown in the {@code rejected} event. */
    record Refused(String reason) implements Decision {}

    /** Reserves a handshake slot and a guess token for a pipe from {@code source}, or says why not. */
    synchronized Decision admitIncoming(PipeSource source) {
        if (incomingHandshakes >= Limits.MAX_CONCURRENT_HANDSHAKES) return new Refused("busy");
        if (handshakesPerSource.getOrDefault(source, 0) >= Limits.MAX_HANDSHAKES_PER_SOURCE) return new Refused("busy_source");
        if (links >= maxPeers) return new Refused("too_many_peers");
        if (incomingPerSource.getOrDefault(source, 0) >= maxPerSource) return new Refused("too_many_from_address");
        Bucket budget = budgets.computeIfAbsent(source, s -> new Bucket(clock.nanoTime()));
        if (!budget.take(clock.nanoTime())) return new Refused("throttled");
        incomingHandshakes++;
        handshakesPerSource.merge(source, 1, Integer::sum);
        incomingPerSource.merge(source, 1, Integer::sum);
        return new Admitted(new AdmissionTicket(this, source, true, AdmissionTicket.State.HANDSHAKE));
    }

    /** A peer slot for a link we dialled; empty when the peer cap is reached. */
    synchronized Optional<AdmissionTicket> openOutgoing(PipeSource source) {
        if (links >= maxPeers) return Optional.empty();
        links++;
        return Optional.of(new AdmissionTicket(this, source, false, AdmissionTicket.State.LINK));
    }

    /** An outgoing attempt failed to authenticate the peer: counts against that source too. */
    synchronized void outgoingAuthenticationFailed(PipeSource source) {
        budgets.computeIfAbsent(source, s -> new Bucket(clock.nanoTime())).take(clock.nanoTime());
    }

    synchronized boolean full() {
        return links >= maxPeers;
    }

    /** Forgets budgets that are full again and idle, so the table does not grow without bound. */
    synchronized void prune() {
        long now = clock.nanoTime();
        budgets.entrySet().removeIf(e -> e.getValue().full(now) && !handshakesPerSource.containsKey(e.getKey()));
    }

    synchronized int trackedSources() {
        return budgets.size();
    }

    synchronized int handshakesInProgress() {
        return incomingHandshakes;
    }

    synchronized int linksOpen() {
        return links;
    }

    // ---- called by AdmissionTicket, under this lock ----

    /** HANDSHAKE → LINK: the slot and token go back; false (and all released) when the peer cap is reached. */
    boolean promote(AdmissionTicket ticket) {
        endHandshake(ticket.source);
        refund(ticket.source);
        if (links >= maxPeers) {
            decrement(incomingPerSource, ticket.source);
            return false;
        }
        links++;
        return true;
    }

    void release(AdmissionTicket ticket, AdmissionTicket.State held, boolean authenticationFailed) {
        switch (held) {
            case HANDSHAKE -> {
                endHandshake(ticket.source);
                decrement(incomingPerSource, ticket.source);
                if (!authenticationFailed) refund(ticket.source);
            }
            case LINK -> {
                links--;
                if (ticket.incoming) decrement(incomingPerSource, ticket.source);
            }
            case RELEASED -> { }
        }
    }

    private void endHandshake(PipeSource source) {
        incomingHandshakes--;
        decrement(handshakesPerSource, source);
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
