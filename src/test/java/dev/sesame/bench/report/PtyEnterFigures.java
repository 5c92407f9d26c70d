package dev.sesame.bench.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Enter to own line in the terminal interface without tmux (issue 13): the interface runs in a
 * pseudo-terminal made by {@code script(1)}, and this harness is the terminal. It writes the keys
 * and reads every byte the interface draws, so nothing polls: the figure is from writing Enter to
 * reading the line's text in the interface's output, plus one copy through {@code script}.
 *
 * <p>Each line is made of letters that no earlier line used (Cyrillic, then Greek): Lanterna
 * redraws only the cells that changed, so a repeated letter in the same place would never be
 * written again, and the whole text appears as one run of bytes only when its history row is
 * drawn (the input row was cleared, and it had shown the letters one at a time).
 *
 * <p>{@code scripts/measure report.PtyEnterFigures [enters]} (default and most: 21, as many as there are letters for); {@code -Dbench.chunks=true} also prints when each piece of output came after
 * Enter, and {@code -Dbench.jfr=DIR} records the interface with JFR. Not a test: nothing asserts a time.
 */
public final class PtyEnterFigures {
    private static final int LETTERS_PER_LINE = 6;

    private PtyEnterFigures() {}

    public static void main(String[] args) throws Exception {
        int enters = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        String phrase = "pty enter figures phrase";
        try (BenchNode peer = BenchNode.start(phrase, "--cover", "off")) {
            peer.await("ready");
            String command = "stty rows 30 cols 100; " + BenchNode.interfaceCommand(phrase, peer, "pty-figures");
            Process ui = new ProcessBuilder("script", "-qfec", command, "/dev/null").redirectErrorStream(true).start();
            Screen screen = new Screen(ui.getInputStream(), ui.getOutputStream());
            Thread.ofPlatform().daemon().name("pty-reader").start(screen::read);
            try {
                peer.await("peer_up");
                // The JIT sees the drawing path first, as in UiFigures: a person's first lines are not the figure.
                // Their receipts say the interface drew them (a burst is drawn as changed cells, not whole lines).
                for (int i = 0; i < 200; i++) peer.send("warm-" + i);
                String lastWarm = peer.await("sent", e -> e.path("text").asText().equals("warm-199"), 60_000).json().path("id").asText();
                peer.await("delivered", e -> e.path("id").asText().equals(lastWarm), 60_000);
                List<Double> millis = new ArrayList<>();
                for (int i = 0; i < Math.min(enters, maxLines()); i++) {
                    String text = line(i);
                    screen.type(text);
                    screen.awaitQuiet(200);
                    int mark = screen.length();
                    long start = System.nanoTime();
                    if (Boolean.getBoolean("bench.chunks")) System.out.println("enter at " + start);
                    screen.type("\r");
                    screen.awaitSince(mark, text);
                    millis.add((System.nanoTime() - start) / 1e6);
                    if (Boolean.getBoolean("bench.chunks")) System.out.println(screen.chunksSince(start));
                    peer.await("message", e -> e.path("text").asText().equals(text), 30_000);
                }
                Collections.sort(millis);
                System.out.printf("Enter to own line (%d lines, through a pty, no tmux): p50 %.2f ms, p90 %.2f ms, max %.2f ms%n",
                        millis.size(), millis.get(millis.size() / 2), millis.get(millis.size() * 9 / 10), millis.getLast());
            } finally {
                screen.type("\u0003"); // Ctrl-C: leaves (a recording is written at exit)
                if (!ui.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) ui.destroyForcibly();
            }
        }
    }

    /** Single-width letters, each used by one line only: capital Cyrillic, small Greek, capital Armenian, Georgian. */
    private static final int[][] LETTER_RANGES = {{0x0410, 0x042F}, {0x03B1, 0x03C9}, {0x0531, 0x0556}, {0x10D0, 0x10F0}};

    private static int maxLines() {
        int letters = 0;
        for (int[] range : LETTER_RANGES) letters += range[1] - range[0] + 1;
        return letters / LETTERS_PER_LINE;
    }

    /** Line {@code i}: LETTERS_PER_LINE letters that no other line has. */
    static String line(int i) {
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < LETTERS_PER_LINE; k++) {
            int n = i * LETTERS_PER_LINE + k;
            for (int[] range : LETTER_RANGES) {
                int size = range[1] - range[0] + 1;
                if (n < size) {
                    text.appendCodePoint(range[0] + n);
                    break;
                }
                n -= size;
            }
        }
        return text.toString();
    }

    /** The terminal's side of the pty: what the interface drew, and the keys written to it. */
    private static final class Screen {
        private static final byte[] CURSOR_QUERY = "\033[6n".getBytes(StandardCharsets.US_ASCII);
        private final InputStream from;
        private final OutputStream to;
        private final ByteArrayOutputStream drawn = new ByteArrayOutputStream();
        private long lastByteNanos = System.nanoTime();

        Screen(InputStream from, OutputStream to) {
            this.from = from;
            this.to = to;
        }

        void read() {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = from.read(buffer)) > 0) {
                    synchronized (this) {
                        // Lanterna writes a NUL after some characters; a terminal ignores it, and so does the match.
                        for (int i = 0; i < n; i++) if (buffer[i] != 0) drawn.write(buffer[i]);
                        lastByteNanos = System.nanoTime();
                        chunks.add(new long[] {lastByteNanos, n});
                        notifyAll();
                    }
                    // A terminal answers the cursor-position query (Lanterna asks it for the size).
                    if (indexOf(buffer, n, CURSOR_QUERY) >= 0) type("\033[30;100R");
                }
            } catch (IOException e) {
                // the interface ended
            }
        }

        private final List<long[]> chunks = new ArrayList<>();

        /** Debugging the figure: when each chunk since {@code nanos} came, and its size. */
        synchronized String chunksSince(long nanos) {
            StringBuilder out = new StringBuilder();
            for (long[] c : chunks) if (c[0] >= nanos) out.append(String.format("+%.2fms:%dB ", (c[0] - nanos) / 1e6, c[1]));
            return out.toString();
        }

        synchronized int length() {
            return drawn.size();
        }

        void type(String keys) {
            try {
                to.write(keys.getBytes(StandardCharsets.UTF_8));
                to.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Waits until the interface has drawn {@code text} after byte {@code mark}. */
        synchronized void awaitSince(int mark, String text) throws InterruptedException, IOException {
            byte[] wanted = text.getBytes(StandardCharsets.UTF_8);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (true) {
                byte[] all = drawn.toByteArray();
                byte[] since = java.util.Arrays.copyOfRange(all, mark, all.length);
                if (indexOf(since, since.length, wanted) >= 0) return;
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    Path dump = Files.createTempFile("sesame-pty-drawn", ".bin");
                    Files.write(dump, all);
                    throw new IllegalStateException("the interface never drew the line; what it drew is in " + dump);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        /** Waits until nothing has been drawn for {@code millis} (the typed text is on the input row). */
        synchronized void awaitQuiet(long millis) throws InterruptedException {
            while (true) {
                long quietFor = (System.nanoTime() - lastByteNanos) / 1_000_000;
                if (quietFor >= millis) return;
                wait(millis - quietFor);
            }
        }

        private static int indexOf(byte[] haystack, int length, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= length; i++) {
                for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
                return i;
            }
            return -1;
        }
    }
}
