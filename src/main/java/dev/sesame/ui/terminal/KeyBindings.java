package dev.sesame.ui.terminal;

import com.googlecode.lanterna.input.KeyStroke;

/**
 * Which key does what. Ctrl-C arrives as a key (the terminal is opened with Ctrl-C trapped)
 * and leaves like Esc. Thread-safe (stateless).
 */
final class KeyBindings {
    /** The keys, as {@code /help} lists them after the commands. */
    static final String HELP = String.join("\n",
            "Keys: Enter send | Alt-Enter or Ctrl-J new line in a message | Tab complete a name or command",
            "Esc or Ctrl-C leave (goodbye to everyone; asks first if a draft or undelivered messages would be lost) |"
                    + " F12 panic: wipe and exit at once, no goodbye",
            "PgUp/PgDn scroll the history | End back to live | Up/Down earlier lines | Ctrl-A/E start/end of line",
            "Ctrl-U/K delete to start/end | Ctrl-W delete a word | Ctrl-L redraw");

    enum Action {
        TYPE, SUBMIT, NEWLINE, COMPLETE, LEAVE, PANIC, SCROLL_BACK, SCROLL_FORWARD, LIVE, RECALL_PREVIOUS, RECALL_NEXT,
        LEFT, RIGHT, HOME, END_OF_LINE, BACKSPACE, DELETE, DELETE_TO_START, DELETE_TO_END, DELETE_WORD, REDRAW, IGNORE
    }

    private KeyBindings() {}

    static Action of(KeyStroke key) {
        return switch (key.getKeyType()) {
            case Character -> character(key);
            case Enter -> key.isAltDown() ? Action.NEWLINE : Action.SUBMIT;
            case Tab -> Action.COMPLETE;
            case Escape, EOF -> Action.LEAVE;
            case F12 -> Action.PANIC;
            case PageUp -> Action.SCROLL_BACK;
            case PageDown -> Action.SCROLL_FORWARD;
            case End -> Action.LIVE;
            case Home -> Action.HOME;
            case ArrowUp -> Action.RECALL_PREVIOUS;
            case ArrowDown -> Action.RECALL_NEXT;
            case ArrowLeft -> Action.LEFT;
            case ArrowRight -> Action.RIGHT;
            case Backspace -> Action.BACKSPACE;
            case Delete -> Action.DELETE;
            default -> Action.IGNORE;
        };
    }

    private static Action character(KeyStroke key) {
        char c = Character.toLowerCase(key.getCharacter());
        // Alt-Enter arrives as ESC CR, which Lanterna reads as Alt-Ctrl-M (ESC LF: Alt-Ctrl-J).
        if (key.isAltDown()) return key.isCtrlDown() && (c == 'm' || c == 'j') ? Action.NEWLINE : Action.IGNORE;
        if (!key.isCtrlDown()) return Action.TYPE;
        return switch (c) {
            case 'c' -> Action.LEAVE;
            case 'j' -> Action.NEWLINE;
            case 'a' -> Action.HOME;
            case 'e' -> Action.END_OF_LINE;
            case 'h' -> Action.BACKSPACE;
            case 'd' -> Action.DELETE;
            case 'u' -> Action.DELETE_TO_START;
            case 'k' -> Action.DELETE_TO_END;
            case 'w' -> Action.DELETE_WORD;
            case 'l' -> Action.REDRAW;
            default -> Action.IGNORE;
        };
    }
}
