package dev.sesame.ui.headless;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON string escaping that leaves nothing a terminal would act on: besides the C0 controls
 * JSON already escapes, DEL, the C1 controls (U+0080 to U+009F, which include a one-byte CSI)
 * and the bidirectional formatting characters are written as {@code \\uXXXX}. Peer text is
 * unchanged once parsed; only its raw form on stdout is safe to look at.
 */
final class TerminalSafeEscapes extends CharacterEscapes {
    private static final int[] ASCII = standardAsciiEscapesForJSON();

    static {
        ASCII[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        boolean c1 = ch >= 0x80 && ch <= 0x9f;
        boolean bidi = ch == 0x061c || ch == 0x200e || ch == 0x200f || (ch >= 0x202a && ch <= 0x202e)
                || (ch >= 0x2066 && ch <= 0x2069);
        return c1 || bidi ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
}
