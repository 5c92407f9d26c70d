package dev.sesame.mesh;

import dev.sesame.util.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * A {@link MeshLoop} that a test steps: posted tasks wait in a queue until the test runs them,
 * scheduled ones until the test moves the fake clock past their time. Single-threaded; nothing
 * runs unless the test says so, so every interleaving is the test's choice.
 */
final class FakeLoop implements MeshLoop {
    private record Timed(long due, long order, Runnable task) {}

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timed> timers = new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
    private long now = 1_000_000_000L;
    private long order;
    private boolean closed;
    private int mostQueued;

    @Override
    public boolean post(Runnable task) {
        if (closed) return false;
        ready.add(task);
        mostQueued = Math.max(mostQueued, ready.size());
        return true;
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        if (closed) return;
        timers.add(new Timed(now + delay.toNanos(), order++, () -> post(task)));
    }

    @Override
    public long now() {
        return now;
    }

    void close() {
        closed = true;
    }

    /** Runs posted tasks (and what they post) until none is left; returns how many ran. */
    int runReady() {
        int ran = 0;
        Runnable task;
        while ((task = ready.poll()) != null) {
            task.run();
            ran++;
        }
        return ran;
    }

    /** Runs one posted task, if any. */
    boolean runOne() {
        Runnable task = ready.poll();
        if (task == null) return false;
        task.run();
        return true;
    }

    /** Moves the clock forward by {@code step}, running each timer at its time and what it posts. */
    void advance(Duration step) {
        long until = now + step.toNanos();
        runReady();
        while (!timers.isEmpty() && timers.peek().due <= until) {
            Timed next = timers.poll();
            now = Math.max(now, next.due);
            next.task.run();
            runReady();
        }
        now = until;
    }

    /** When the next timer is due, or -1 with none. */
    long nextTimerNanos() {
        return timers.isEmpty() ? -1 : timers.peek().due;
    }

    int queued() {
        return ready.size();
    }

    int timers() {
        return timers.size();
    }

    int mostQueued() {
        return mostQueued;
    }

    /** This loop's time as a {@link Clock} (wall time starts at an arbitrary fixed instant). */
    Clock clock() {
        return new Clock() {
            @Override
            public long nanoTime() {
                return now;
            }

            @Override
            public Instant now() {
                return Instant.ofEpochSecond(1_800_000_000L).plusNanos(now);
            }
        };
    }
}
