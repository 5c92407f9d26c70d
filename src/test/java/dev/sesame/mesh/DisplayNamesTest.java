package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DisplayNamesTest {
    @Test
    void controlFormatAndBidiCharactersAreRemoved() {
        assertThat(DisplayNames.sanitize("al\u001b[31mice\u0007")).contains("al[31mice");
        assertThat(DisplayNames.sanitize("\u202eecila")).contains("ecila");
        assertThat(DisplayNames.sanitize("a\u200bb")).contains("ab");
    }

    @Test
    void whitespaceIsCollapsedAndEmptyNamesAreNone() {
        assertThat(DisplayNames.sanitize("  ada \t\n lovelace ")).contains("ada lovelace");
        assertThat(DisplayNames.sanitize("\u0000\u0001 \n")).isEmpty();
    }

    @Test
    void longNamesAreCutOnACharacterBoundary() {
        String name = "🙂".repeat(40);
        String cut = DisplayNames.sanitize(name).orElseThrow();
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Limits.MAX_NAME_BYTES);
        assertThat(cut).isEqualTo("🙂".repeat(Limits.MAX_NAME_BYTES / 4));
    }

    @Test
    void wideAndAccentedNamesSurvive() {
        assertThat(DisplayNames.sanitize("Zoë 李")).contains("Zoë 李");
    }
}
