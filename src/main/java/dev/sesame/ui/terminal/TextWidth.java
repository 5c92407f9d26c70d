package dev.sesame.ui.terminal;

import java.util.Arrays;

/**
 * How many terminal columns a code point takes: 0 for marks that combine with the character
 * before them, 2 for East Asian wide and fullwidth characters and emoji, 1 for the rest.
 *
 * <p>Lanterna's own rule ({@code TextCharacter.isDoubleWidth}) calls every surrogate pair and
 * every multi-char cluster double width and misses wide symbols such as U+2B50, so the layout
 * uses this table instead and tells Lanterna the width of each cell ({@link Glyph}). The table
 * holds the ranges whose Unicode East Asian Width is W or F (Unicode 14, which also makes the
 * emoji with default emoji presentation wide), plus U+3248..U+324F and U+4DC0..U+4DFF, which
 * glibc's {@code wcwidth} (and so tmux and most Linux terminals) treats as wide too.
 * Thread-safe (stateless).
 */
final class TextWidth {
    /** Inclusive [first, last] pairs, sorted. */
    private static final int[] WIDE = {
        0x1100, 0x115F, 0x231A, 0x231B, 0x2329, 0x232A, 0x23E9, 0x23EC, 0x23F0, 0x23F0, 0x23F3, 0x23F3,
        0x25FD, 0x25FE, 0x2614, 0x2615, 0x2648, 0x2653, 0x267F, 0x267F, 0x2693, 0x2693, 0x26A1, 0x26A1,
        0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26CE, 0x26D4, 0x26D4, 0x26EA, 0x26EA,
        0x26F2, 0x26F3, 0x26F5, 0x26F5, 0x26FA, 0x26FA, 0x26FD, 0x26FD, 0x2705, 0x2705, 0x270A, 0x270B,
        0x2728, 0x2728, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797,
        0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55, 0x2E80, 0x303E,
        0x3041, 0xA4C6, 0xA960, 0xA97C, 0xAC00, 0xD7A3, 0xF900, 0xFAD9, 0xFE10, 0xFE19, 0xFE30, 0xFE6B,
        0xFF01, 0xFF60, 0xFFE0, 0xFFE6, 0x16FE0, 0x1B2FB, 0x1F004, 0x1F004, 0x1F0CF, 0x1F0CF, 0x1F18E, 0x1F18E,
        0x1F191, 0x1F19A, 0x1F200, 0x1F320, 0x1F32D, 0x1F335, 0x1F337, 0x1F37C, 0x1F37E, 0x1F393, 0x1F3A0, 0x1F3CA,
        0x1F3CF, 0x1F3D3, 0x1F3E0, 0x1F3F0, 0x1F3F4, 0x1F3F4, 0x1F3F8, 0x1F43E, 0x1F440, 0x1F440, 0x1F442, 0x1F4FC,
        0x1F4FF, 0x1F53D, 0x1F54B, 0x1F54E, 0x1F550, 0x1F567, 0x1F57A, 0x1F57A, 0x1F595, 0x1F596, 0x1F5A4, 0x1F5A4,
        0x1F5FB, 0x1F64F, 0x1F680, 0x1F6C5, 0x1F6CC, 0x1F6CC, 0x1F6D0, 0x1F6D2, 0x1F6D5, 0x1F6DF, 0x1F6EB, 0x1F6EC,
        0x1F6F4, 0x1F6FC, 0x1F7E0, 0x1F7F0, 0x1F90C, 0x1F93A, 0x1F93C, 0x1F945, 0x1F947, 0x1F9FF, 0x1FA70, 0x1FAF6,
        0x20000, 0x3FFFD};

    private static final int[] STARTS = new int[WIDE.length / 2];

    static {
        for (int i = 0; i < STARTS.length; i++) STARTS[i] = WIDE[2 * i];
    }

    private TextWidth() {}

    /** Columns of one code point: 0, 1 or 2. Control characters count 0 (they are never drawn). */
    static int of(int codePoint) {
        if (combines(codePoint)) return 0;
        if (Character.isISOControl(codePoint)) return 0;
        return isWide(codePoint) ? 2 : 1;
    }

    /** Columns of a string, adding up its code points. */
    static int of(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            width += of(cp);
            i += Character.charCount(cp);
        }
        return width;
    }

    /**
     * True for code points that a terminal draws on top of the previous cell: non-spacing and
     * enclosing marks, and the medial and final Hangul jamo that join an initial one.
     */
    static boolean combines(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || (codePoint >= 0x1160 && codePoint <= 0x11FF) || (codePoint >= 0xD7B0 && codePoint <= 0xD7FF);
    }

    static boolean isWide(int codePoint) {
        if (codePoint < WIDE[0]) return false;
        int index = Arrays.binarySearch(STARTS, codePoint);
        int range = index >= 0 ? index : -index - 2;
        return codePoint <= WIDE[2 * range + 1];
    }
}
