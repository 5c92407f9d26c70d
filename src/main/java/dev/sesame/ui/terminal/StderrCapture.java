package dev.sesame.ui.terminal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * While the full-screen interface runs, anything written to {@code System.err} (a library
 * warning, an uncaught exception in some thread) would land in the middle of the screen and
 * garble it. This takes {@code System.err} over: each line goes to the interface to be shown as
 * a notice, and the last {@value #KEEP} lines are printed to the real stderr once the terminal
 * is restored. Thread-safe.
 */
final class StderrCapture extends OutputStream {
    static final int KEEP = 50;
    private static final int MAX_LINE_BYTES = 2000;

    private final PrintStream original;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private final Deque<String> kept = new ArrayDeque<>();

    private StderrCapture(PrintStream original, Consumer<String> lines) {
        this.original = original;
        this.lines = lines;
    }

    static StderrCapture install(Consumer<String> lines) {
        StderrCapture capture = new StderrCapture(System.err, lines);
        System.setErr(new PrintStream(capture, true, StandardCharsets.UTF_8));
        return capture;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            String line = current.toString(StandardCharsets.UTF_8);
            current.reset();
            kept.addLast(line);
            if (kept.size() > KEEP) kept.removeFirst();
            lines.accept(line);
        } else if (current.size() < MAX_LINE_BYTES) {
            current.write(b);
        }
    }

    /** Gives {@code System.err} back; with {@code replay}, prints what was captured to it. */
    synchronized void uninstall(boolean replay) {
        System.setErr(original);
        if (!replay) return;
        List<String> all = List.copyOf(kept);
        for (String line : all) original.println(Sanitizer.line(line));
        kept.clear();
    }
}
