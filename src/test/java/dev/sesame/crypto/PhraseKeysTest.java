package dev.sesame.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PhraseKeysTest {
    private Secret phrase(String s) {
        return Secret.copyAndWipe(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void isDeterministicPerPhraseAndMode() {
        try (Secret p = phrase("open sesame"); Secret a = PhraseKeys.derive(p, PhraseKeys.Mode.REAL, 256, 1);
             Secret b = PhraseKeys.derive(p, PhraseKeys.Mode.REAL, 256, 1)) {
            assertThat(a.contentEquals(b)).isTrue();
            assertThat(a.length()).isEqualTo(PhraseKeys.KEY_BYTES);
        }
    }

    @Test
    void decoyAndRealModesNeverShareAKey() {
        try (Secret p = phrase("open sesame"); Secret real = PhraseKeys.derive(p, PhraseKeys.Mode.REAL, 256, 1);
             Secret decoy = PhraseKeys.derive(p, PhraseKeys.Mode.DECOY, 256, 1)) {
            assertThat(real.contentEquals(decoy)).isFalse();
        }
    }

    @Test
    void differentPhrasesGiveDifferentKeys() {
        try (Secret p1 = phrase("a"); Secret p2 = phrase("b"); Secret k1 = PhraseKeys.derive(p1, PhraseKeys.Mode.REAL, 256, 1);
             Secret k2 = PhraseKeys.derive(p2, PhraseKeys.Mode.REAL, 256, 1)) {
            assertThat(k1.contentEquals(k2)).isFalse();
        }
    }

    @Test
    void fullStrengthParametersRun() {
        try (Secret p = phrase("open sesame"); Secret k = PhraseKeys.derive(p, PhraseKeys.Mode.REAL)) {
            assertThat(k.length()).isEqualTo(32);
        }
    }
}
