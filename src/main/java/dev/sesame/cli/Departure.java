package dev.sesame.cli;

import dev.sesame.chat.ChatService;
import dev.sesame.crypto.SecretMemory;
import dev.sesame.limits.Limits;
import dev.sesame.os.ProcessExit;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * Leaving when the person did not type {@code /quit}: a signal (SIGTERM, SIGINT, SIGHUP) or an
 * interface that is gone (stdout closed, terminal lost). The node leaves like {@code /quit}
 * (GOODBYE on every link, then the wipe) and exits with a non-zero code and a reason on stderr,
 * within {@link Limits#SIGNAL_LEAVE_BUDGET}. A second request while leaving wipes and exits at
 * once (docs/SECURITY.md, "Honest ends"), except a repeated hangup ({@link #leaveOnce}).
 */
final class Departure {
    private final Runnable quit;
    private final Runnable beforeExit;
    private final PrintStream err;
    private final IntConsumer exit;
    private final IntConsumer exitNow;
    private final AtomicBoolean leaving = new AtomicBoolean();

    /** {@code beforeExit} runs after the goodbye, before the exit (the terminal interface restores the screen). */
    Departure(ChatService chat, Runnable beforeExit, PrintStream err) {
        // Runtime.exit, not halt, after a goodbye: the shutdown hooks (another wipe) run as after /quit.
        this(chat::quit, beforeExit, err, code -> Runtime.getRuntime().exit(code), ProcessExit::now);
    }

    /** With the goodbye and both ways out given (tests): {@code exit} after the goodbye, {@code exitNow} without one. */
    Departure(Runnable quit, Runnable beforeExit, PrintStream err, IntConsumer exit, IntConsumer exitNow) {
        this.quit = quit;
        this.beforeExit = beforeExit;
        this.err = err;
        this.exit = exit;
        this.exitNow = exitNow;
    }

    /**
     * Leaves with {@code exitCode}, saying {@code reason} on stderr. Returns at once; the leaving
     * runs on its own thread, with a watchdog that ends the process if the goodbye hangs.
     */
    void leave(String reason, int exitCode) {
        leave(reason, exitCode, true);
    }

    /**
     * Like {@link #leave(String, int)}, but a repeat while leaving is not taken as insisting: a
     * hangup reaches the process twice when a terminal closes (the kernel signals the terminal's
     * foreground group, and the shell passes its own SIGHUP on to its jobs), and the second must
     * not cut the goodbye short.
     */
    void leaveOnce(String reason, int exitCode) {
        leave(reason, exitCode, false);
    }

    private void leave(String reason, int exitCode, boolean repeatExitsAtOnce) {
        if (leaving.get() && !repeatExitsAtOnce) {
            err.println("sesame: " + reason + " again; already saying goodbye");
            return;
        }
        if (!leaving.compareAndSet(false, true)) {
            err.println("sesame: " + reason + " again; exiting now");
            SecretMemory.global().wipeAll();
            exitNow.accept(exitCode);
            return;
        }
        err.println("sesame: " + reason + "; saying goodbye and leaving");
        Thread.ofPlatform().daemon().name("leave-watchdog").start(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(Limits.SIGNAL_LEAVE_BUDGET.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            err.println("sesame: the goodbye took too long; exiting");
            SecretMemory.global().wipeAll();
            exitNow.accept(exitCode);
        });
        Thread.ofPlatform().name("leave").start(() -> {
            try {
                quit.run();
                beforeExit.run();
            } finally {
                SecretMemory.global().wipeAll();
                exit.accept(exitCode);
            }
        });
    }
}
