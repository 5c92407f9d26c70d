package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.util.Clock;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The limits every new incoming connection meets before any TLS or handshake work is spent on
 * it (concurrent handshakes, total peers, links per address, and a token bucket of failed
 * authentications per address, so that guessing the phrase online is slow), and the peer cap
 * every new link meets. Thread-safe: the accept loop asks, the mesh thread updates.
 */
final class AdmissionControl {
    private final Clock clock;
    private final int maxPeers;
    private final int maxPerAddress;
    private final Map<InetAddress, Integer> incomingPerAddress = new HashMap<>();
    private final Map<InetAddress, Bucket> failures = new HashMap<>();
    private int incomingHandshakes;
    private int links;

    AdmissionControl(Clock clock, int maxPeers, int maxPerAddress) {
        this.clock = clock;
        this.maxPeers = maxPeers;
        this.maxPerAddress = maxPerAddress;
    }

    /** Reserves a handshake slot for a connection from {@code address}, or says why not. */
    synchronized Optional<String> admitIncoming(InetAddress address) {
        if (incomingHandshakes >= Limits.MAX_CONCURRENT_HANDSHAKES) return Optional.of("busy");
        if (links >= maxPeers) return Optional.of("too_many_peers");
        if (incomingPerAddress.getOrDefault(address, 0) >= maxPerAddress) return Optional.of("too_many_from_address");
        Bucket bucket = failures.get(address);
        if (bucket != null && !bucket.hasToken(clock.nanoTime())) return Optional.of("throttled");
        incomingHandshakes++;
        incomingPerAddress.merge(address, 1, Integer::sum);
        return Optional.empty();
    }

    /** An admitted incoming handshake ended without a link. */
    synchronized void incomingFailed(InetAddress address, boolean authenticationFailed) {
        incomingHandshakes--;
        release(address);
        if (authenticationFailed) {
            failures.computeIfAbsent(address, a -> new Bucket(clock.nanoTime())).spend(clock.nanoTime());
        }
    }

    /** An outgoing attempt failed to authenticate the peer: counts against that address too. */
    synchronized void outgoingAuthenticationFailed(InetAddress address) {
        failures.computeIfAbsent(address, a -> new Bucket(clock.nanoTime())).spend(clock.nanoTime());
    }

    /**
     * A handshake succeeded; takes a peer slot. For an incoming one the handshake reservation
     * becomes the link's. False when the peer cap is reached (the caller drops the link).
     */
    synchronized boolean openLink(InetAddress address, boolean incoming) {
        if (incoming) incomingHandshakes--;
        if (links >= maxPeers) {
            if (incoming) release(address);
            return false;
        }
        links++;
        return true;
    }

    synchronized void linkClosed(InetAddress address, boolean incoming) {
        links--;
        if (incoming) release(address);
    }

    synchronized boolean full() {
        return links >= maxPeers;
    }

    private void release(InetAddress address) {
        incomingPerAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** Failed-authentication budget of one address. */
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

        boolean hasToken(long now) {
            refill(now);
            return tokens >= 1;
        }

        void spend(long now) {
            refill(now);
            tokens = Math.max(0, tokens - 1);
        }
    }
}
