package dev.sesame.ui.terminal;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Draws one frame: the title bar on the first row, the history rows below it (newest at the
 * bottom of the pane), the status bar on the second-to-last row, the input line on the last,
 * and the cursor in the input line. Lanterna's screen keeps the previous frame and sends only
 * the cells that changed. On top of that (issue 13, "repaint only what changed"): a frame equal
 * to the last one sends nothing at all (Lanterna would still re-send the cursor), and when the
 * history pane only moved up by a few rows (new lines at the bottom), the terminal scrolls that
 * region itself and only the new rows are drawn. Not thread-safe; callers hold the UI's paint lock.
 */
final class ScreenPainter {
    /** Rows the history pane loses to the title bar, the status bar and the input line. */
    static final int CHROME_ROWS = 3;
    private static final String STAND_IN = "?";

    /** Most characters kept ready to draw; building one runs a BreakIterator, so a frame reuses them. */
    private static final int CACHE_SIZE = 4096;

    private final boolean unicode;
    private final Map<Glyph, TextCharacter> cache = new HashMap<>();
    /** What is on the terminal now (null: unknown, draw everything). */
    private Frame shown;

    /** One frame as drawn: the pane's rows top to bottom, blank rows as empty lists. */
    private record Frame(TerminalSize size, List<Glyph> title, List<List<Glyph>> pane, List<Glyph> status, InputLine.View input) {}

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
        Frame frame = new Frame(size, List.copyOf(title), paneRows(history, historyHeight(size)), List.copyOf(status), input);
        Frame before = shown;
        if (!complete && frame.equals(before)) return; // nothing changed: not even the cursor is sent again
        shown = null; // until this frame is out: a failed refresh leaves the terminal unknown
        boolean sameShape = !complete && before != null && before.size.equals(size);
        if (!sameShape) screen.clear();
        int pane = frame.pane.size();
        int moved = 0;
        if (sameShape && rows >= CHROME_ROWS) {
            moved = movedUp(before.pane, frame.pane);
            if (moved > 0) {
                // The rows the terminal scrolls in take its current background: make that the default
                // first, or a coloured bar drawn last would tint the new rows' blank ends.
                if (screen instanceof TerminalScreen terminalScreen) terminalScreen.getTerminal().resetColorAndSGR();
                screen.scrollLines(1, pane, moved); // the terminal moves the rows; only the new ones are drawn
            }
        }
        // The screen's buffer still holds the frame shown (moved up with the pane, if it moved):
        // only rows that differ from it are drawn again.
        if (rows >= CHROME_ROWS && !(sameShape && frame.title.equals(before.title))) row(screen, frame.title, 0, width);
        for (int i = 0; i < pane; i++) {
            List<Glyph> there = sameShape && i + moved < pane ? before.pane.get(i + moved) : null; // scrolled-in rows: always drawn
            if (!frame.pane.get(i).equals(there)) row(screen, frame.pane.get(i), 1 + i, width);
        }
        if (rows >= 2 && !(sameShape && frame.status.equals(before.status))) row(screen, frame.status, rows - 2, width);
        if (rows >= 1 && !(sameShape && input.glyphs().equals(before.input.glyphs()))) row(screen, input.glyphs(), rows - 1, width);
        screen.setCursorPosition(rows >= 1 ? new TerminalPosition(Math.min(input.cursorColumn(), width - 1), rows - 1) : null);
        screen.refresh(complete ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
        shown = frame;
    }

    /** The pane's rows, top to bottom: the newest history rows at the bottom, blank rows above them. */
    private static List<List<Glyph>> paneRows(List<List<Glyph>> history, int pane) {
        List<List<Glyph>> rows = new ArrayList<>(pane);
        int top = pane - history.size();
        for (int i = 0; i < pane; i++) rows.add(i < top ? List.of() : List.copyOf(history.get(i - top)));
        return List.copyOf(rows);
    }

    /**
     * By how many rows the pane moved up from {@code before} to {@code now} (new lines came in at
     * the bottom), or 0 if it did not simply move: only worth it while most of the pane stays.
     */
    static int movedUp(List<List<Glyph>> before, List<List<Glyph>> now) {
        int pane = now.size();
        if (before.size() != pane) return 0;
        for (int moved = 1; moved <= pane / 2; moved++) {
            boolean same = true;
            for (int i = 0; i + moved < pane && same; i++) same = before.get(i + moved).equals(now.get(i));
            if (same) return before.subList(moved, pane).stream().anyMatch(r -> !r.isEmpty()) ? moved : 0;
        }
        return 0;
    }

    /** Draws one row whole: its glyphs, then blanks to the right edge (the screen is not cleared between frames). */
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
        for (; x < width; x++) screen.setCharacter(x, y, TextCharacter.DEFAULT_CHARACTER);
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
