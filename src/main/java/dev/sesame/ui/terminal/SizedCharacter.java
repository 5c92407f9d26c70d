package dev.sesame.ui.terminal;

import com.googlecode.lanterna.TextCharacter;

/**
 * A Lanterna character whose width is the one our layout computed ({@link TextWidth}), not the
 * one Lanterna guesses: Lanterna takes every multi-char cluster ("e" plus a combining accent)
 * for double width and misses wide symbols such as U+2B50. Lanterna's screen buffer and its
 * cursor bookkeeping both ask {@link #isDoubleWidth()}, so overriding it keeps them in step with
 * the terminal. Immutable.
 */
final class SizedCharacter extends TextCharacter {
    private static final long serialVersionUID = 1L;
    private final boolean wide;

    SizedCharacter(TextCharacter character, boolean wide) {
        super(character);
        this.wide = wide;
    }

    @Override
    public boolean isDoubleWidth() {
        return wide;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SizedCharacter that && that.wide == wide && super.equals(other);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + (wide ? 1 : 0);
    }
}
