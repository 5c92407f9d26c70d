package dev.sesame.util;

import java.time.Instant;

/** Time, injected so that tests can set it. {@link #SYSTEM} is the real one. */
public interface Clock {
    /** Monotonic nanoseconds, for durations and deadlines. */
    long nanoTime();

    /** Wall-clock time, for timestamps shown to people. */
    Instant now();

    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    };
}
