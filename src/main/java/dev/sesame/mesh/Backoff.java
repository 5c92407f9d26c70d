package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnection delays: {@link Limits#BACKOFF_MIN} doubling to {@link Limits#BACKOFF_MAX}, each
 * spread by ±20% so that many nodes that lost the same peer do not all redial in step.
 * Not thread-safe: confined to the mesh thread.
 */
final class Backoff {
    private final RandomGenerator random;
    private int failures;

    Backoff(RandomGenerator random) {
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failure. */
    Duration next() {
        return next(Limits.BACKOFF_MAX);
    }

    /** As {@link #next()}, but never over {@code max} (spread included). */
    Duration next(Duration max) {
        long cap = Math.min(max.toMillis(), Limits.BACKOFF_MAX.toMillis());
        long base = Limits.BACKOFF_MIN.toMillis() << Math.min(failures, 16);
        base = Math.min(base, cap);
        failures++;
        double spread = 0.8 + 0.4 * random.nextDouble();
        return Duration.ofMillis(Math.min(cap, Math.round(base * spread)));
    }

    void reset() {
        failures = 0;
    }

    int failures() {
        return failures;
    }
}
