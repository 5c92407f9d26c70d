package dev.sesame.ui.terminal;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import java.util.EnumMap;
import java.util.Map;

/**
 * How each {@link Style} looks, in the 16 ANSI colours every terminal has. Decoy mode's marker
 * is bold white on red so that anyone glancing at the screen sees it. Thread-safe (immutable).
 */
final class Palette {
    private record Look(TextColor foreground, TextColor background, SGR[] modifiers) {}

    private static final Map<Style, Look> LOOKS = new EnumMap<>(Style.class);

    static {
        look(Style.TEXT, TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT);
        look(Style.QUIET, TextColor.ANSI.BLACK_BRIGHT, TextColor.ANSI.DEFAULT);
        look(Style.OWN_NAME, TextColor.ANSI.GREEN, TextColor.ANSI.DEFAULT, SGR.BOLD);
        // Peers: five colours that no other part of a row uses (green is ours, yellow and red warn).
        look(Style.PEER_NAME, TextColor.ANSI.CYAN, TextColor.ANSI.DEFAULT, SGR.BOLD);
        look(Style.PEER_NAME_2, TextColor.ANSI.BLUE_BRIGHT, TextColor.ANSI.DEFAULT, SGR.BOLD);
        look(Style.PEER_NAME_3, TextColor.ANSI.MAGENTA, TextColor.ANSI.DEFAULT, SGR.BOLD);
        look(Style.PEER_NAME_4, TextColor.ANSI.CYAN_BRIGHT, TextColor.ANSI.DEFAULT, SGR.BOLD);
        look(Style.PEER_NAME_5, TextColor.ANSI.WHITE_BRIGHT, TextColor.ANSI.DEFAULT, SGR.BOLD);
        look(Style.PRIVATE, TextColor.ANSI.MAGENTA_BRIGHT, TextColor.ANSI.DEFAULT);
        look(Style.VERIFIED, TextColor.ANSI.GREEN_BRIGHT, TextColor.ANSI.DEFAULT, SGR.BOLD);
        look(Style.NOTICE, TextColor.ANSI.YELLOW, TextColor.ANSI.DEFAULT);
        look(Style.WARNING, TextColor.ANSI.YELLOW_BRIGHT, TextColor.ANSI.DEFAULT, SGR.BOLD);
        look(Style.MENTION, TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, SGR.BOLD, SGR.REVERSE);
        look(Style.ERROR, TextColor.ANSI.RED_BRIGHT, TextColor.ANSI.DEFAULT, SGR.BOLD);
        look(Style.STATUS, TextColor.ANSI.WHITE_BRIGHT, TextColor.ANSI.BLUE);
        look(Style.STATUS_REAL, TextColor.ANSI.BLACK, TextColor.ANSI.GREEN, SGR.BOLD);
        look(Style.STATUS_DECOY, TextColor.ANSI.WHITE_BRIGHT, TextColor.ANSI.RED, SGR.BOLD);
        look(Style.STATUS_ALERT, TextColor.ANSI.BLACK, TextColor.ANSI.YELLOW_BRIGHT, SGR.BOLD);
        look(Style.PROMPT, TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, SGR.BOLD);
        look(Style.INPUT, TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT);
    }

    private Palette() {}

    private static void look(Style style, TextColor foreground, TextColor background, SGR... modifiers) {
        LOOKS.put(style, new Look(foreground, background, modifiers));
    }

    /**
     * The Lanterna character for a glyph, or empty if Lanterna cannot hold its text as one
     * character (the painter then draws a stand-in).
     */
    static java.util.Optional<TextCharacter> character(String text, Style style) {
        Look look = LOOKS.get(style);
        TextCharacter[] parts = TextCharacter.fromString(text, look.foreground(), look.background(), look.modifiers());
        return parts.length == 1 ? java.util.Optional.of(parts[0]) : java.util.Optional.empty();
    }
}
