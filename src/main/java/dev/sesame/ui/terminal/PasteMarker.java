package dev.sesame.ui.terminal;

import com.googlecode.lanterna.input.CharacterPattern;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;

/**
 * The start or end of a bracketed paste ({@code ESC [ 200 ~} ... {@code ESC [ 201 ~}, which the
 * terminal sends around pasted text once {@code ESC [ ? 2004 h} asked for it). Everything between
 * the two is pasted text, never keys to act on: a pasted {@code /quit} or Enter runs nothing
 * (docs/USAGE.md, "Pasting"). Lanterna 3.1.5 knows no paste, so these patterns are added to its
 * decoder; the same patterns map CR to Enter and LF to Ctrl-J once the terminal no longer turns
 * one into the other ({@code stty -icrnl}). Thread-safe (immutable).
 */
final class PasteMarker extends KeyStroke {
    static final String START = "\u001b[200~";
    static final String END = "\u001b[201~";

    private final boolean start;

    private PasteMarker(boolean start) {
        super(KeyType.Unknown);
        this.start = start;
    }

    boolean isStart() {
        return start;
    }

    /** The extra patterns for Lanterna's input decoder. */
    static List<CharacterPattern> patterns() {
        return List.of(exact(START, new PasteMarker(true)), exact(END, new PasteMarker(false)),
                exact("\r", new KeyStroke(KeyType.Enter)), exact("\n", new KeyStroke('j', true, false)));
    }

    private static CharacterPattern exact(String sequence, KeyStroke key) {
        return seq -> {
            int n = seq.size();
            if (n > sequence.length()) return null;
            for (int i = 0; i < n; i++) {
                if (seq.get(i) != sequence.charAt(i)) return null;
            }
            return n == sequence.length() ? new CharacterPattern.Matching(key) : CharacterPattern.Matching.NOT_YET;
        };
    }

    @Override
    public String toString() {
        return start ? "PasteStart" : "PasteEnd";
    }
}
