package dev.sesame.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PhraseStrengthTest {
    @Test
    void aCommonPhraseIsWarnedAboutWithoutBeingRepeated() {
        String warning = PhraseStrength.check("password1".getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertThat(warning).startsWith("the phrase is weak (strength ").contains("zxcvbn", "guesses").doesNotContain("password1");
    }

    @Test
    void fiveRandomWordsPass() {
        assertThat(PhraseStrength.check("gravel unkempt orbit lantern plume".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
