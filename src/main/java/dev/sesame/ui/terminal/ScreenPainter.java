package dev.sesame.ui.terminal;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.screen.Screen;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Draws one frame: the title bar on the first row, the history rows below it (newest at the
 * bottom of the pane), the status bar on the second-to-last row, the input line on the last,
 * and the cursor in the input line. Lanterna's
 * screen keeps the previous frame and sends only the cells that changed. Not thread-safe;
 * callers hold the UI's paint lock.
 */
final class ScreenPainter {
    /** Rows the history pane loses to the title bar, the status bar and the input line. */
    static final int CHROME_ROWS = 3;
    private static final String STAND_IN = "?";

    /** Most characters kept ready to draw; building one runs a BreakIterator, so a frame reuses them. */
    private static final int CACHE_SIZE = 4096;

    private final boolean unicode;
    private final Map<Glyph, TextCharacter> cache = new HashMap<>();

    /** {@code unicode}: whether the terminal takes UTF-8; if not, non-ASCII glyphs are drawn as {@code ?}. */
    ScreenPainter(boolean unicode) {
        this.unicode = unicode;
    }

    static int historyHeight(TerminalSize size) {
        return Math.max(0, size.getRows() - CHROME_ROWS);
    }

    void paint(Screen screen, List<Glyph> title, List<List<Glyph>> history, List<Glyph> status, InputLine.View input,
               boolean complete) throws IOException {
        TerminalSize size = screen.getTerminalSize();
        int width = size.getColumns();
        int rows = size.getRows();
        screen.clear();
        int pane = historyHeight(size);
        if (rows >= CHROME_ROWS) row(screen, title, 0, width);
        int top = 1 + pane - history.size();
        for (int i = 0; i < history.size(); i++) {
            if (top + i >= 1) row(screen, history.get(i), top + i, width);
        }
        if (rows >= 2) row(screen, status, rows - 2, width);
        if (rows >= 1) row(screen, input.glyphs(), rows - 1, width);
        screen.setCursorPosition(rows >= 1 ? new TerminalPosition(Math.min(input.cursorColumn(), width - 1), rows - 1) : null);
        screen.refresh(complete ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
    }

    private void row(Screen screen, List<Glyph> glyphs, int y, int width) {
        int x = 0;
        for (Glyph g : glyphs) {
            if (g.isBreak()) continue;
            if (x + g.width() > width) break;
            TextCharacter c = character(g);
            screen.setCharacter(x, y, c);
            if (g.width() == 2 && !c.isDoubleWidth()) screen.setCharacter(x + 1, y, c); // the stand-in, twice
            x += g.width();
        }
    }

    private TextCharacter character(Glyph g) {
        TextCharacter cached = cache.get(g);
        if (cached != null) return cached;
        if (cache.size() >= CACHE_SIZE) cache.clear();
        Optional<TextCharacter> c = unicode || isAscii(g.text()) ? Palette.character(g.text(), g.style()) : Optional.empty();
        TextCharacter made = c.<TextCharacter>map(t -> new SizedCharacter(t, g.width() == 2))
                .orElseGet(() -> Palette.character(STAND_IN, g.style()).orElseThrow());
        cache.put(g, made);
        return made;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) >= 0x80) return false;
        return true;
    }
}
