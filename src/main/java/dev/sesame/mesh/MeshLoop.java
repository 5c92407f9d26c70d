package dev.sesame.mesh;

import java.time.Duration;

/**
 * Where mesh state lives: one thread of execution that runs posted tasks one at a time, a
 * timer, and a clock. {@link MeshThread} is the real one; tests and the simulator use a queue
 * with a fake clock that they step. Everything in {@code PeerLinks}, {@code Discovery} and
 * {@code Delivery} runs on it.
 */
interface MeshLoop {
    /**
     * Runs {@code task} on the loop after what is already queued. Returns false, without
     * running it, once the loop is closed: the caller decides what that means (a {@code call}
     * fails its future). May block a caller that is not the loop itself while the queue is
     * full (see {@link MeshThread}).
     */
    boolean post(Runnable task);

    /** Posts {@code task} after {@code delay}; nothing runs once the loop is closed. */
    void schedule(Duration delay, Runnable task);

    /** Monotonic nanoseconds: the loop's clock. */
    long now();
}
