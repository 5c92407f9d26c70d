package dev.sesame.ui.terminal;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads keys on a thread of its own ("keyboard"), because Lanterna's read blocks. Every key goes
 * to the UI thread's queue, except F12: the panic runs right here, so that nothing queued before
 * it and no slow command on the UI thread can delay it. A read failure is queued as
 * {@link Failed} unless the interface is already closing.
 */
final class Keyboard {
    /** The keyboard could not be read. */
    record Failed(Exception cause) {}

    private final TerminalSession session;
    private final Consumer<Object> queue;
    private final Runnable panic;
    private final BooleanSupplier closed;

    private Keyboard(TerminalSession session, Consumer<Object> queue, Runnable panic, BooleanSupplier closed) {
        this.session = session;
        this.queue = queue;
        this.panic = panic;
        this.closed = closed;
    }

    /** Starts the daemon thread; it ends at end of input, or with the process. */
    static void start(TerminalSession session, Consumer<Object> queue, Runnable panic, BooleanSupplier closed) {
        Keyboard keyboard = new Keyboard(session, queue, panic, closed);
        Thread.ofPlatform().daemon().name("keyboard").start(keyboard::read);
    }

    private void read() {
        try {
            while (!closed.getAsBoolean()) {
                KeyStroke key = session.readKey();
                if (key == null) continue;
                if (KeyBindings.of(key) == KeyBindings.Action.PANIC) {
                    panic.run();
                    continue;
                }
                queue.accept(key);
                if (key.getKeyType() == KeyType.EOF) return;
            }
        } catch (IOException | RuntimeException e) {
            if (!closed.getAsBoolean()) queue.accept(new Failed(e));
        }
    }
}
