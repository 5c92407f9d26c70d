package dev.sesame.ui.headless;

import dev.sesame.limits.Limits;
import java.io.IOException;
import java.io.Reader;
import java.util.Optional;

/**
 * Splits stdin into lines for headless mode, bounded: a line longer than
 * {@link Limits#MAX_INPUT_LINE_CHARS} is read to its end but not kept ({@link Line.Overlong}),
 * so a script cannot make the node buffer without limit. {@code \n} and {@code \r\n} end a line.
 * Not thread-safe: the UI thread's.
 */
final class LineReader {
    /** One line of input, or the fact that it was too long. */
    sealed interface Line {
        record Text(String text) implements Line {}

        record Overlong() implements Line {}
    }

    private final Reader input;

    LineReader(Reader input) {
        this.input = input;
    }

    /** The next line without its terminator; empty at the end of input. */
    Optional<Line> next() throws IOException {
        StringBuilder line = new StringBuilder();
        boolean overlong = false;
        while (true) {
            int c = input.read();
            if (c == -1) {
                if (line.isEmpty() && !overlong) return Optional.empty();
                break;
            }
            if (c == '\n') break;
            if (line.length() < Limits.MAX_INPUT_LINE_CHARS) {
                line.append((char) c);
            } else {
                overlong = true;
            }
        }
        if (overlong) return Optional.of(new Line.Overlong());
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') line.setLength(end - 1);
        return Optional.of(new Line.Text(line.toString()));
    }
}
