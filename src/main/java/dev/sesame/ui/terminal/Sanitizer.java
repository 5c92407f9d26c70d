package dev.sesame.ui.terminal;

import java.text.Normalizer;

/**
 * Makes text from the network (and anything else that reaches the screen) harmless to draw.
 * A terminal must never receive a byte that it would interpret rather than show:
 *
 * <ul>
 *   <li>C0 controls and DEL become visible caret notation ({@code ESC} is {@code ^[}, {@code BEL}
 *       is {@code ^G}, DEL is {@code ^?}), so an escape sequence prints as inert text;</li>
 *   <li>C1 controls (U+0080..U+009F, which some terminals read as CSI or OSC) other than NEL, private-use,
 *       unassigned and lone surrogate code points become U+FFFD;</li>
 *   <li>format characters (bidirectional overrides and isolates, zero-width joiners and spaces,
 *       soft hyphen, BOM, tags) and variation selectors are removed: they are invisible,
 *       reorder what follows, or change a character's width differently in each terminal;</li>
 *   <li>a combining mark with nothing to combine with gets a dotted circle (U+25CC) as its base,
 *       so it cannot land on a cell the interface drew; more than {@value #MAX_MARKS} marks
 *       on one character are dropped ("zalgo" text would spill over neighbouring lines);</li>
 *   <li>tab becomes a space; CR, LF, CRLF, NEL and the Unicode line and paragraph separators become
 *       one line break in {@link #text}, and a space in {@link #line}.</li>
 * </ul>
 *
 * The result is NFC-normalised, so a letter and its accent take one cell where possible.
 * Thread-safe (stateless).
 */
final class Sanitizer {
    /** Most combining marks kept on one base character. */
    static final int MAX_MARKS = 3;
    static final char REPLACEMENT = '\uFFFD';
    private static final int DOTTED_CIRCLE = 0x25CC;
    /** NEXT LINE, the C1 line break: a break like the others, not a replacement character. */
    private static final int NEL = 0x85;

    private Sanitizer() {}

    /** Text that may span several lines: line breaks survive as {@code '\n'}, nothing else below U+0020 does. */
    static String text(String untrusted) {
        return clean(untrusted, true);
    }

    /** Text for one line (names, addresses, reasons): line breaks become spaces. */
    static String line(String untrusted) {
        return clean(untrusted, false);
    }

    private static String clean(String untrusted, boolean keepBreaks) {
        String input = Normalizer.normalize(untrusted, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(input.length());
        int marks = 0;
        boolean haveBase = false;
        for (int i = 0; i < input.length(); ) {
            int cp = input.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\r' && i < input.length() && input.charAt(i) == '\n') continue; // CRLF: one break
            if (cp == '\n' || cp == '\r' || cp == NEL || cp == 0x2028 || cp == 0x2029) {
                out.append(keepBreaks ? '\n' : ' ');
                haveBase = !keepBreaks;
                marks = 0;
            } else if (cp == '\t') {
                out.append(' ');
                haveBase = true;
                marks = 0;
            } else if (cp < 0x20 || cp == 0x7F) {
                out.append('^').append(cp == 0x7F ? '?' : (char) (cp + 0x40));
                haveBase = true;
                marks = 0;
            } else if (removed(cp)) {
                continue;
            } else if (replaced(cp)) {
                out.append(REPLACEMENT);
                haveBase = true;
                marks = 0;
            } else if (TextWidth.combines(cp)) {
                if (!haveBase) {
                    out.appendCodePoint(DOTTED_CIRCLE);
                    haveBase = true;
                    marks = 0;
                }
                if (marks < MAX_MARKS) out.appendCodePoint(cp);
                marks++;
            } else {
                out.appendCodePoint(cp);
                haveBase = true;
                marks = 0;
            }
        }
        return out.toString();
    }

    /** True if {@link #line} keeps this code point as it is (up to normalisation). */
    static boolean drawable(int cp) {
        return cp >= 0x20 && cp != 0x7F && cp != NEL && cp != 0x2028 && cp != 0x2029 && !removed(cp) && !replaced(cp);
    }

    /** Invisible characters that change layout or order: dropped without a trace. */
    private static boolean removed(int cp) {
        return Character.getType(cp) == Character.FORMAT
                || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
    }

    private static boolean replaced(int cp) {
        int type = Character.getType(cp);
        return (cp >= 0x80 && cp <= 0x9F) || type == Character.PRIVATE_USE || type == Character.SURROGATE
                || type == Character.UNASSIGNED || type == Character.CONTROL;
    }
}
