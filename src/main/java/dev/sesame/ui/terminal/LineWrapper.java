package dev.sesame.ui.terminal;

import java.util.ArrayList;
import java.util.List;

/**
 * Breaks a line of glyphs into rows no wider than the screen, counting display columns (a CJK
 * character or an emoji takes two, a combining mark none). Breaks after the last space that
 * fits; a word longer than a row is cut. A wide glyph never straddles two rows. Continuation
 * rows start with {@code indent} columns of space so that text lines up under the first row's
 * text. Thread-safe (stateless).
 */
final class LineWrapper {
    private static final Glyph SPACE = new Glyph(" ", 1, Style.TEXT);
    private static final Glyph NARROW_STAND_IN = new Glyph("?", 1, Style.TEXT);

    private LineWrapper() {}

    /**
     * Rows of at most {@code width} columns. Always at least one row. Continuation rows are
     * indented by {@code indent}, or by half the width when {@code indent} would leave less than
     * that for text: never by nothing, so a continuation row cannot pass for a row of its own
     * (docs/SECURITY.md, "Names").
     *
     * @throws IllegalArgumentException if {@code width < 1}
     */
    static List<List<Glyph>> wrap(List<Glyph> line, int width, int indent) {
        if (width < 1) throw new IllegalArgumentException("width must be positive: " + width);
        int hang = Math.max(0, Math.min(indent, width / 2));
        List<List<Glyph>> rows = new ArrayList<>();
        Row row = new Row(0);
        for (Glyph glyph : line) {
            if (glyph.isBreak()) {
                rows.add(row.glyphs);
                row = new Row(hang);
                continue;
            }
            Glyph g = glyph.width() > width ? NARROW_STAND_IN : glyph;
            if (row.width + g.width() > width) {
                if (g.isSpace()) {
                    rows.add(row.glyphs);
                    row = new Row(hang);
                    continue;
                }
                Row next = new Row(hang);
                if (row.lastSpace >= 0) {
                    List<Glyph> carried = row.glyphs.subList(row.lastSpace + 1, row.glyphs.size());
                    if (next.width + Glyph.width(carried) + g.width() <= width) {
                        for (Glyph c : carried) next.add(c);
                        carried.clear();
                        row.glyphs.removeLast(); // the space we broke at
                    }
                }
                rows.add(row.glyphs);
                row = next;
                if (row.width + g.width() > width) row = new Row(0); // the hang does not fit next to it
            }
            row.add(g);
        }
        rows.add(row.glyphs);
        return rows;
    }

    /** A row being filled; {@code lastSpace} is the index of its last breakable space, or -1. */
    private static final class Row {
        final List<Glyph> glyphs = new ArrayList<>();
        int width;
        int lastSpace = -1;

        Row(int indent) {
            for (int i = 0; i < indent; i++) glyphs.add(SPACE);
            width = indent;
        }

        void add(Glyph g) {
            if (g.isSpace()) lastSpace = glyphs.size();
            glyphs.add(g);
            width += g.width();
        }
    }
}
