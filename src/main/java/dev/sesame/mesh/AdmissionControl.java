package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.util.Clock;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The limits every new incoming connection meets before any TLS or handshake work is spent on
 * it, and the peer cap every new link meets. Thread-safe: the accept loop asks, the mesh thread
 * and the handshake threads report back.
 *
 * <p>Limits are kept per <em>source</em>: an IPv4 address, or an IPv6 /64 (one host can use a
 * whole /64, so a single IPv6 address would be no limit at all).
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
 */
final class AdmissionControl {
    private final Clock clock;
    private final int maxPeers;
    private final int maxPerSource;
    private final Map<Source, Integer> incomingPerSource = new HashMap<>();
    private final Map<Source, Integer> handshakesPerSource = new HashMap<>();
    private final Map<Source, Bucket> budgets = new HashMap<>();
    private int incomingHandshakes;
    private int links;

    AdmissionControl(Clock clock, int maxPeers, int maxPerSource) {
        this.clock = clock;
        this.maxPeers = maxPeers;
        this.maxPerSource = maxPerSource;
    }

    /** An IPv4 address, or the /64 of an IPv6 address. */
    record Source(byte[] prefix) {
        static Source of(InetAddress address) {
            byte[] bytes = address.getAddress();
            return new Source(address instanceof Inet6Address ? Arrays.copyOf(bytes, 8) : bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Source other && Arrays.equals(prefix, other.prefix);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(prefix);
        }
    }

    /** Reserves a handshake slot and a guess token for a connection from {@code address}, or says why not. */
    synchronized Optional<String> admitIncoming(InetAddress address) {
        Source source = Source.of(address);
        if (incomingHandshakes >= Limits.MAX_CONCURRENT_HANDSHAKES) return Optional.of("busy");
        if (handshakesPerSource.getOrDefault(source, 0) >= Limits.MAX_HANDSHAKES_PER_SOURCE) return Optional.of("busy_source");
        if (links >= maxPeers) return Optional.of("too_many_peers");
        if (incomingPerSource.getOrDefault(source, 0) >= maxPerSource) return Optional.of("too_many_from_address");
        Bucket budget = budgets.computeIfAbsent(source, s -> new Bucket(clock.nanoTime()));
        if (!budget.take(clock.nanoTime())) return Optional.of("throttled");
        incomingHandshakes++;
        handshakesPerSource.merge(source, 1, Integer::sum);
        incomingPerSource.merge(source, 1, Integer::sum);
        return Optional.empty();
    }

    /** An admitted incoming handshake ended without a link; its token is spent only if it failed to authenticate. */
    synchronized void incomingFailed(InetAddress address, boolean authenticationFailed) {
        Source source = Source.of(address);
        endHandshake(source);
        decrement(incomingPerSource, source);
        if (!authenticationFailed) refund(source);
    }

    /** An outgoing attempt failed to authenticate the peer: counts against that source too. */
    synchronized void outgoingAuthenticationFailed(InetAddress address) {
        budgets.computeIfAbsent(Source.of(address), s -> new Bucket(clock.nanoTime())).take(clock.nanoTime());
    }

    /**
     * A handshake succeeded; takes a peer slot. For an incoming one the handshake reservation
     * becomes the link's and its token is given back. False when the peer cap is reached (the
     * caller drops the link).
     */
    synchronized boolean openLink(InetAddress address, boolean incoming) {
        Source source = Source.of(address);
        if (incoming) {
            endHandshake(source);
            refund(source);
        }
        if (links >= maxPeers) {
            if (incoming) decrement(incomingPerSource, source);
            return false;
        }
        links++;
        return true;
    }

    synchronized void linkClosed(InetAddress address, boolean incoming) {
        links--;
        if (incoming) decrement(incomingPerSource, Source.of(address));
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

    private void endHandshake(Source source) {
        incomingHandshakes--;
        decrement(handshakesPerSource, source);
    }

    private void refund(Source source) {
        Bucket budget = budgets.get(source);
        if (budget != null) budget.refund(clock.nanoTime());
    }

    private static void decrement(Map<Source, Integer> counts, Source source) {
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
