package dev.sesame.ui.terminal;

import java.util.ArrayList;
import java.util.List;

/**
 * One terminal cell's worth of sanitised text: a base character with its combining marks,
 * {@code width} columns wide (1 or 2), drawn in {@code style}. A line break is a glyph of width
 * 0 ({@link #isBreak}).
 */
record Glyph(String text, int width, Style style) {
    static final Glyph BREAK = new Glyph("\n", 0, Style.TEXT);

    Glyph {
        if (text.isEmpty()) throw new IllegalArgumentException("glyph text is empty");
        if (width < 0 || width > 2) throw new IllegalArgumentException("glyph width must be 0..2: " + width);
    }

    boolean isBreak() {
        return width == 0;
    }

    boolean isSpace() {
        return text.equals(" ");
    }

    /**
     * Splits already sanitised text into glyphs. Zero-width code points join the glyph before
     * them; {@code '\n'} becomes {@link #BREAK}.
     */
    static List<Glyph> of(String sanitized, Style style) {
        List<Glyph> out = new ArrayList<>(sanitized.length());
        StringBuilder current = new StringBuilder();
        int width = 0;
        for (int i = 0; i < sanitized.length(); ) {
            int cp = sanitized.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                flush(out, current, width, style);
                width = 0;
                out.add(BREAK);
                continue;
            }
            int w = TextWidth.of(cp);
            if (w == 0 && !current.isEmpty()) {
                current.appendCodePoint(cp);
                continue;
            }
            flush(out, current, width, style);
            if (w == 0) {
                current.append('\u25CC'); // a mark without a base: never let it reach a cell we drew
                w = 1;
            }
            current.appendCodePoint(cp);
            width = w;
        }
        flush(out, current, width, style);
        return out;
    }

    /** Glyphs of any text: sanitised first, line breaks kept. */
    static List<Glyph> ofUntrusted(String text, Style style) {
        return of(Sanitizer.text(text), style);
    }

    static int width(List<Glyph> glyphs) {
        int width = 0;
        for (Glyph g : glyphs) width += g.width();
        return width;
    }

    private static void flush(List<Glyph> out, StringBuilder current, int width, Style style) {
        if (current.isEmpty()) return;
        out.add(new Glyph(current.toString(), width, style));
        current.setLength(0);
    }
}
