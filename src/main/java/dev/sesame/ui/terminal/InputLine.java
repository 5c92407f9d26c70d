package dev.sesame.ui.terminal;

import dev.sesame.limits.Limits;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The line being typed: editing by display cell (a letter with its accents moves as one), a
 * cursor, horizontal scrolling when the text is wider than the screen, and recall of earlier
 * lines of this run with Up and Down (the draft is kept while browsing). Characters the
 * {@link Sanitizer} would not draw (controls, bidirectional and other format characters) are
 * refused as they are typed or pasted. Not thread-safe; confined to the UI thread.
 */
final class InputLine {
    static final int MAX_RECALL = 100;

    /** What to draw: the visible glyphs and the cursor's column. */
    record View(List<Glyph> glyphs, int cursorColumn) {}

    private final List<String> cells = new ArrayList<>();
    private final List<String> recall = new ArrayList<>();
    private int cursor;
    private int scroll;
    private int chars;
    private int recallIndex = -1;
    private String draft = "";
    private char pendingHigh;

    /** A typed character; a surrogate pair arrives as two calls. */
    void type(char c) {
        if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
            return;
        }
        int cp = c;
        if (Character.isLowSurrogate(c)) {
            if (pendingHigh == 0) return;
            cp = Character.toCodePoint(pendingHigh, c);
        }
        pendingHigh = 0;
        insert(cp);
    }

    /** Alt-Enter or Ctrl-J: a line break inside the message (shown as {@value #NEWLINE_MARK}). */
    void newline() {
        if (chars + 1 > Limits.MAX_INPUT_LINE_CHARS) return;
        cells.add(cursor++, "\n");
        chars++;
    }

    /** Pasted text, inserted at the cursor as if typed, line breaks kept. */
    void paste(String text) {
        text.codePoints().forEach(cp -> {
            if (cp == '\n') newline();
            else insert(cp);
        });
    }

    static final String NEWLINE_MARK = "\u21b5";

    /** The word before the cursor (after the last space or line break), for Tab completion. */
    String wordBeforeCursor() {
        StringBuilder word = new StringBuilder();
        for (int i = cursor - 1; i >= 0 && !cells.get(i).isBlank(); i--) word.insert(0, cells.get(i));
        return word.toString();
    }

    /** True when the word before the cursor is the line's first word. */
    boolean atFirstWord() {
        for (int i = cursor - 1; i >= 0; i--) {
            if (cells.get(i).isBlank()) return false;
        }
        return true;
    }

    /** Replaces the word before the cursor with {@code replacement}. */
    void replaceWordBeforeCursor(String replacement) {
        int length = wordBeforeCursor().isEmpty() ? 0 : countWordCells();
        for (int i = 0; i < length; i++) backspace();
        paste(replacement);
    }

    private int countWordCells() {
        int n = 0;
        for (int i = cursor - 1; i >= 0 && !cells.get(i).isBlank(); i--) n++;
        return n;
    }

    private void insert(int cp) {
        if (!Sanitizer.drawable(cp)) return; // not something we would draw as typed
        String clean = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFC);
        if (chars + clean.length() > Limits.MAX_INPUT_LINE_CHARS) return;
        if (TextWidth.combines(cp)) {
            if (cursor == 0) return;
            String base = cells.get(cursor - 1);
            if (base.codePointCount(0, base.length()) > Sanitizer.MAX_MARKS) return;
            cells.set(cursor - 1, base + clean);
        } else {
            cells.add(cursor++, clean);
        }
        chars += clean.length();
    }

    void backspace() {
        if (cursor > 0) remove(--cursor);
    }

    void delete() {
        if (cursor < cells.size()) remove(cursor);
    }

    void left() {
        cursor = Math.max(0, cursor - 1);
    }

    void right() {
        cursor = Math.min(cells.size(), cursor + 1);
    }

    void home() {
        cursor = 0;
    }

    void end() {
        cursor = cells.size();
    }

    void deleteToStart() {
        while (cursor > 0) backspace();
    }

    void deleteToEnd() {
        while (cursor < cells.size()) delete();
    }

    /** Deletes the word before the cursor and the spaces after it (Ctrl-W). */
    void deleteWordBack() {
        while (cursor > 0 && cells.get(cursor - 1).isBlank()) backspace();
        while (cursor > 0 && !cells.get(cursor - 1).isBlank()) backspace();
    }

    String text() {
        return String.join("", cells);
    }

    boolean isEmpty() {
        return cells.isEmpty();
    }

    /** Empties the line and returns what it held, remembering non-blank lines for recall. */
    String submit() {
        String line = text();
        if (!line.isBlank() && (recall.isEmpty() || !recall.getLast().equals(line))) {
            recall.add(line);
            if (recall.size() > MAX_RECALL) recall.removeFirst();
        }
        set("");
        recallIndex = -1;
        return line;
    }

    /** Empties the line and forgets every remembered line and the draft. */
    void forget() {
        set("");
        recall.clear();
        recallIndex = -1;
        draft = "";
    }

    /** Up: the previous remembered line. */
    void previous() {
        if (recall.isEmpty() || recallIndex == 0) return;
        if (recallIndex < 0) {
            draft = text();
            recallIndex = recall.size();
        }
        set(recall.get(--recallIndex));
    }

    /** Down: the next remembered line, then the draft. */
    void next() {
        if (recallIndex < 0) return;
        if (++recallIndex >= recall.size()) {
            recallIndex = -1;
            set(draft);
        } else {
            set(recall.get(recallIndex));
        }
    }

    /** The part of {@code prompt + text} that fits in {@code width} columns with the cursor visible. */
    View view(List<Glyph> prompt, int width) {
        int promptWidth = Glyph.width(prompt);
        int room = Math.max(1, width - promptWidth - 1); // keep a column for the cursor after the last cell
        if (cursor < scroll) scroll = cursor;
        while (scroll < cursor && widthOf(scroll, cursor) > room) scroll++;
        List<Glyph> out = new ArrayList<>(prompt);
        int used = 0;
        for (int i = scroll; i < cells.size(); i++) {
            boolean newline = cells.get(i).equals("\n");
            int w = newline ? 1 : TextWidth.of(cells.get(i));
            if (promptWidth + used + w > width) break;
            out.add(newline ? new Glyph(NEWLINE_MARK, 1, Style.QUIET) : new Glyph(cells.get(i), w, Style.INPUT));
            used += w;
        }
        return new View(out, Math.min(width - 1, promptWidth + widthOf(scroll, cursor)));
    }

    private int widthOf(int from, int to) {
        int width = 0;
        for (int i = from; i < to; i++) width += cells.get(i).equals("\n") ? 1 : TextWidth.of(cells.get(i));
        return width;
    }

    private void remove(int index) {
        chars -= cells.remove(index).length();
    }

    private void set(String text) {
        cells.clear();
        chars = 0;
        cursor = 0;
        scroll = 0;
        paste(text);
    }
}
