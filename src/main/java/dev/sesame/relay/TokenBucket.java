package dev.sesame.relay;

import dev.sesame.util.Clock;
import java.time.Duration;

/**
 * A token bucket on an injected clock: {@code burst} tokens, one more per {@code refill}. Used for
 * the relay's pipe-request limits and its bytes-per-second per pipe. Not thread-safe: the caller
 * synchronises.
 */
final class TokenBucket {
    private final Clock clock;
    private final double burst;
    private final double tokensPerNano;
    private double tokens;
    private long updatedNanos;

    TokenBucket(Clock clock, double burst, double tokensPerSecond) {
        this.clock = clock;
        this.burst = burst;
        this.tokensPerNano = tokensPerSecond / 1e9;
        this.tokens = burst;
        this.updatedNanos = clock.nanoTime();
    }

    static TokenBucket perInterval(Clock clock, int burst, Duration refill) {
        return new TokenBucket(clock, burst, 1e9 / refill.toNanos());
    }

    private void refill() {
        long now = clock.nanoTime();
        tokens = Math.min(burst, tokens + (now - updatedNanos) * tokensPerNano);
        updatedNanos = now;
    }

    /** Takes one token if there is one. */
    boolean tryTake() {
        refill();
        if (tokens < 1) return false;
        tokens--;
        return true;
    }

    /** Takes {@code amount} tokens (may go negative) and says how long to wait until the bucket is back at zero. */
    Duration take(int amount) {
        refill();
        tokens -= amount;
        return tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) (-tokens / tokensPerNano));
    }

    /** True when the bucket is full again: nothing to remember about its owner. */
    boolean full() {
        refill();
        return tokens >= burst;
    }
}
