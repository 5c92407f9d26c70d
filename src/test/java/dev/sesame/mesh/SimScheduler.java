package dev.sesame.mesh;

import java.util.PriorityQueue;

/**
 * The one clock and the one queue of the mesh simulator: every node's tasks and timers, every
 * packet the simulated network carries and every fault are events here, run one at a time in
 * order of time (ties in the order they were queued). Nothing else runs, so a seed fixes the
 * whole run. Single-threaded.
 */
final class SimScheduler {
    private record Event(long due, long order, Runnable task) {}

    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
    private long now = 1_000_000_000L;
    private long order;
    private long steps;
    /** The loop whose task the last step ran, if it ran one (its node's state may have changed). */
    SimLoop ranOn;

    long now() {
        return now;
    }

    /** Runs {@code task} at {@code due} nanoseconds (now, if that is in the past). */
    void at(long due, Runnable task) {
        queue.add(new Event(Math.max(due, now), order++, task));
    }

    void after(long delayNanos, Runnable task) {
        at(now + delayNanos, task);
    }

    /** Runs the next event if it is due by {@code until}; false when none is. */
    boolean step(long until) {
        Event next = queue.peek();
        if (next == null || next.due > until) return false;
        queue.poll();
        now = next.due;
        steps++;
        ranOn = null;
        next.task.run();
        return true;
    }

    /** Moves the clock to {@code until} once no event is due before it. */
    void settle(long until) {
        if (until > now) now = until;
    }

    long steps() {
        return steps;
    }

    int pending() {
        return queue.size();
    }
}
