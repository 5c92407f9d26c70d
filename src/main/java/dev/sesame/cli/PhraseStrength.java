package dev.sesame.cli;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Warns about a short or common phrase at start, with zxcvbn's estimate of how many guesses it
 * takes (issue 11; docs/SECURITY.md, "Phrase strength"). The phrase is never printed: the
 * warning holds only the score, the estimate and zxcvbn's generic advice. zxcvbn reads the
 * phrase through a {@link CharSequence} over a char array that is zeroed afterwards, and
 * {@link Strength#wipe()} clears what it kept; its matchers may still make short-lived copies
 * of parts of the phrase on the heap, which Java cannot wipe.
 */
final class PhraseStrength {
    /** zxcvbn's scale: 0 too guessable … 4 very unguessable. Below this, warn. */
    static final int MIN_SCORE = 3;

    private PhraseStrength() {}

    /** A warning for a weak phrase (UTF-8), or empty. */
    static Optional<String> check(byte[] utf8) {
        char[] chars = decode(utf8);
        Strength strength = null;
        try {
            strength = new Zxcvbn().measure(CharBuffer.wrap(chars));
            if (strength.getScore() >= MIN_SCORE) return Optional.empty();
            String advice = strength.getFeedback().getWarning(Locale.ENGLISH);
            return Optional.of("the phrase is weak (strength " + strength.getScore() + " of 4 by zxcvbn, about 10^"
                    + Math.round(strength.getGuessesLog10()) + " guesses"
                    + (advice == null || advice.isBlank() ? "" : "; " + advice.strip().replaceAll("\\.$", "")) + ")."
                    + " Anyone who guesses it can join and read everything: prefer five or more random words");
        } finally {
            if (strength != null) strength.wipe();
            Arrays.fill(chars, '\0');
        }
    }

    private static char[] decode(byte[] utf8) {
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8));
            char[] chars = new char[decoded.remaining()];
            decoded.get(chars);
            if (decoded.hasArray()) Arrays.fill(decoded.array(), '\0');
            return chars;
        } catch (CharacterCodingException e) {
            return new char[0]; // the reader has already refused text that is not UTF-8
        }
    }
}
