package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.util.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The real {@link MeshLoop}: one platform thread named "mesh" that runs posted tasks in order,
 * the shared timer for delays, and the system clock. A platform thread, as the links' are
 * ({@code Link#start}): a virtual one waited behind the TLS handshakes of junk connections for
 * a carrier before it could hand on a message (docs/SECURITY.md §Junk connections).
 *
 * <p>The queue is bounded ({@link Limits#MAX_MESH_QUEUE}): a thread other than the mesh
 * thread that posts while it is full waits until there is room. Link readers post every
 * message they decode, so a member that floods only fills the queue, then its reader stops
 * reading and TCP slows the member down. The mesh thread itself never waits: what it posts
 * goes in even when the queue is full (it would otherwise wait for itself). That overshoot is
 * bounded by what one task posts, which is a few tasks per link. (docs/ARCHITECTURE.md, "The
 * mesh loop")
 *
 * <p>{@link #close()} refuses new work ({@link #post} returns false); the tasks already queued
 * still run, then the thread ends. Thread-safe.
 */
final class MeshThread implements MeshLoop, AutoCloseable {
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final int capacity;
    private final Consumer<RuntimeException> failed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final Thread thread;
    private boolean closed;

    /** {@code failed} hears of a task that threw (a bug): the loop goes on with the next one. */
    MeshThread(Clock clock, ScheduledExecutorService timer, Consumer<RuntimeException> failed) {
        this(clock, timer, Limits.MAX_MESH_QUEUE, failed);
    }

    MeshThread(Clock clock, ScheduledExecutorService timer, int capacity, Consumer<RuntimeException> failed) {
        this.clock = clock;
        this.failed = failed;
        this.timer = timer;
        this.capacity = capacity;
        this.thread = Thread.ofPlatform().daemon().name("mesh").unstarted(this::run);
        thread.start();
    }

    @Override
    public boolean post(Runnable task) {
        boolean onLoop = Thread.currentThread() == thread;
        lock.lock();
        try {
            boolean interrupted = false;
            while (!onLoop && !closed && tasks.size() >= capacity) {
                try {
                    notFull.await();
                } catch (InterruptedException e) {
                    // Keep the task (dropping it would lose a message or a link's end); the interrupt is kept.
                    interrupted = true;
                    break;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            if (closed) return false;
            tasks.add(task);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        try {
            timer.schedule(() -> post(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The timer stopped: the process is exiting, and nothing scheduled matters any more.
        }
    }

    @Override
    public long now() {
        return clock.nanoTime();
    }

    /** Tasks waiting now (for tests and figures). */
    int queued() {
        lock.lock();
        try {
            return tasks.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            Runnable task;
            lock.lock();
            try {
                while (tasks.isEmpty() && !closed) notEmpty.awaitUninterruptibly();
                task = tasks.poll();
                if (task == null) return; // closed and drained
                notFull.signal();
            } finally {
                lock.unlock();
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                failed.accept(e);
            }
        }
    }
}
