package dev.sesame.mesh;

import dev.sesame.util.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One node's {@link MeshLoop} in the simulator: its tasks and timers are events on the shared
 * {@link SimScheduler}. Closing it (the node crashed or exited) drops what it had queued and
 * refuses new work, as the real loop does after close.
 */
final class SimLoop implements MeshLoop {
    private final SimScheduler scheduler;
    private boolean closed;
    private int queued;
    private int timers;

    SimLoop(SimScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public boolean post(Runnable task) {
        if (closed) return false;
        queued++;
        scheduler.after(0, () -> {
            queued--;
            if (closed) return;
            scheduler.ranOn = this;
            task.run();
        });
        return true;
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        if (closed) return;
        timers++;
        scheduler.after(delay.toNanos(), () -> {
            timers--;
            post(task);
        });
    }

    @Override
    public long now() {
        return scheduler.now();
    }

    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    /** Tasks posted and not yet run (the real loop bounds these by Limits.MAX_MESH_QUEUE). */
    int queued() {
        return queued;
    }

    /** Timers not yet due. */
    int timers() {
        return timers;
    }

    Clock clock() {
        return new Clock() {
            @Override
            public long nanoTime() {
                return scheduler.now();
            }

            @Override
            public Instant now() {
                return Instant.ofEpochSecond(1_800_000_000L).plusNanos(scheduler.now());
            }
        };
    }
}
