package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.ansi.ANSITerminal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The painter sends the terminal only what changed (issue 13): nothing for an unchanged frame
 * (Lanterna alone would re-send the cursor), the input line alone when only it changed, and a
 * scroll of the history pane plus the new row when a line came in at the bottom.
 */
class ScreenPainterTest {
    private static final int COLUMNS = 40;
    private static final int ROWS = 10;
    private static final int PANE = ROWS - ScreenPainter.CHROME_ROWS;

    private final ByteArrayOutputStream terminalBytes = new ByteArrayOutputStream();
    private final ScreenPainter painter = new ScreenPainter(true);
    private TerminalScreen screen;

    /** An ANSI terminal writing into {@link #terminalBytes}, of a fixed size (it is asked nothing). */
    private static final class RecordingTerminal extends ANSITerminal {
        RecordingTerminal(ByteArrayOutputStream out) {
            super(new ByteArrayInputStream(new byte[0]), out, StandardCharsets.UTF_8);
        }

        @Override
        protected TerminalSize findTerminalSize() {
            return new TerminalSize(COLUMNS, ROWS);
        }
    }

    @BeforeEach
    void start() throws IOException {
        screen = new TerminalScreen(new RecordingTerminal(terminalBytes));
        screen.startScreen();
    }

    private void paint(List<List<Glyph>> history, String input, boolean complete) throws IOException {
        painter.paint(screen, Glyph.of("title-bar", Style.TEXT), history, Glyph.of("status-bar", Style.TEXT),
                new InputLine.View(Glyph.of(input, Style.TEXT), input.length()), complete);
    }

    private String written() {
        String s = terminalBytes.toString(StandardCharsets.UTF_8);
        terminalBytes.reset();
        return s;
    }

    private static List<List<Glyph>> lines(int from, int to) {
        List<List<Glyph>> rows = new ArrayList<>();
        for (int i = from; i <= to; i++) rows.add(Glyph.of("line-" + i, Style.TEXT));
        return rows;
    }

    @Test
    void aFrameEqualToTheOneShownWritesNothingAtAll() throws IOException {
        paint(lines(1, 3), "> ", false);
        assertThat(written()).contains("title-bar", "line-3");

        paint(lines(1, 3), "> ", false);
        assertThat(written()).as("not even the cursor again").isEmpty();
    }

    @Test
    void typingRedrawsTheInputLineOnly() throws IOException {
        paint(lines(1, 3), "> ", false);
        written();

        paint(lines(1, 3), "> hi", false);
        String sent = written();
        assertThat(sent).contains("hi").doesNotContain("title-bar", "status-bar", "line");
    }

    @Test
    void aNewLineAtTheBottomScrollsThePaneAndDrawsOnlyTheNewRow() throws IOException {
        paint(lines(1, PANE), "> ", false);
        written();

        paint(lines(2, PANE + 1), "> ", false);
        String sent = written();
        assertThat(sent).as("scroll region: the pane's rows, 2 to %d (1-based)", PANE + 1).contains("\u001b[2;" + (PANE + 1) + "r");
        assertThat(sent).contains("line-" + (PANE + 1)).doesNotContain("line-2", "line-3", "title-bar");
    }

    @Test
    void aCompleteRefreshRedrawsEverythingEvenWhenNothingChanged() throws IOException {
        paint(lines(1, 3), "> ", false);
        written();

        paint(lines(1, 3), "> ", true);
        assertThat(written()).contains("title-bar", "line-1", "status-bar");
    }

    @Test
    void afterScrollingTheScreenHoldsExactlyTheNewFrame() throws IOException {
        paint(lines(1, PANE), "> ", false);
        paint(lines(3, PANE + 2), "> x", false);
        for (int i = 0; i < PANE; i++) assertThat(rowText(1 + i)).isEqualTo("line-" + (3 + i));
        assertThat(rowText(0)).isEqualTo("title-bar");
        assertThat(rowText(ROWS - 1)).isEqualTo("> x");
    }

    private String rowText(int y) {
        StringBuilder s = new StringBuilder();
        for (int x = 0; x < COLUMNS; x++) s.append(screen.getFrontCharacter(x, y).getCharacterString());
        return s.toString().stripTrailing();
    }
}
