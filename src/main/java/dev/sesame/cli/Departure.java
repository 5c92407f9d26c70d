package dev.sesame.cli;

import dev.sesame.chat.ChatService;
import dev.sesame.crypto.SecretMemory;
import dev.sesame.limits.Limits;
import dev.sesame.os.ProcessExit;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leaving when the person did not type {@code /quit}: a signal (SIGTERM, SIGINT, SIGHUP) or an
 * interface that is gone (stdout closed, terminal lost). The node leaves like {@code /quit}
 * (GOODBYE on every link, then the wipe) and exits with a non-zero code and a reason on stderr,
 * within {@link Limits#SIGNAL_LEAVE_BUDGET}. A second request while leaving wipes and exits at
 * once (docs/SECURITY.md, "Honest ends").
 */
final class Departure {
    private final ChatService chat;
    private final Runnable beforeExit;
    private final PrintStream err;
    private final AtomicBoolean leaving = new AtomicBoolean();

    /** {@code beforeExit} runs after the goodbye, before the exit (the terminal interface restores the screen). */
    Departure(ChatService chat, Runnable beforeExit, PrintStream err) {
        this.chat = chat;
        this.beforeExit = beforeExit;
        this.err = err;
    }

    /**
     * Leaves with {@code exitCode}, saying {@code reason} on stderr. Returns at once; the leaving
     * runs on its own thread, with a watchdog that ends the process if the goodbye hangs.
     */
    void leave(String reason, int exitCode) {
        if (!leaving.compareAndSet(false, true)) {
            err.println("sesame: " + reason + " again; exiting now");
            SecretMemory.global().wipeAll();
            ProcessExit.now(exitCode);
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
            ProcessExit.now(exitCode);
        });
        Thread.ofPlatform().name("leave").start(() -> {
            try {
                chat.quit();
                beforeExit.run();
            } finally {
                SecretMemory.global().wipeAll();
                // Runtime.exit, not halt: the shutdown hooks (another wipe) run as after /quit.
                Runtime.getRuntime().exit(exitCode);
            }
        });
    }
}
