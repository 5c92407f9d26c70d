package dev.sesame.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NamesTest {
    /** Every trick of issue 14 and a few of the same families; each must collide with the original. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Alice|\u0410lice", "Alice|Alice\u00A0", "Alice|Alice\u3164", "Alice|Alice\u115F", "Alice|Alice\u1160",
        "Alice|Alice\u2800", "Alice|AIice", "Alice|A\u200Blice", "Alice|alice", "Alice|ALICE", "Alice|\u0391lice",
        "Bob|B0b", "you|y\u043Eu", "you|YOU", "Very Long|Very\u00A0Long", "Very Long|Very\u3000Long",
        "Very Long|Very  Long", "modem|rnodem", "Alice|\uFF21lice"})
    void lookAlikesAreConfusable(String original, String lookAlike) {
        assertThat(Names.confusable(original, lookAlike)).isTrue();
        assertThat(Names.confusable(lookAlike, original)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Alice|Alicia", "Bob|Rob", "you|yours", "Al ice|Alice", "Ann|Anna"})
    void differentNamesAreNot(String a, String b) {
        assertThat(Names.confusable(a, b)).isFalse();
    }

    @Test
    void suspiciousScriptMixesAreFlaggedButOrdinaryNamesAreNot() {
        assertThat(Names.mixedScripts("\u0410lice")).isTrue();
        assertThat(Names.mixedScripts("\u0415lena Ivanova")).isTrue();
        for (String fine : List.of("Alice", "J\u00FCrgen", "\u0395\u03BB\u03AD\u03BD\u03B7", "\u0412\u0430\u0441\u044F",
                "\u5C71\u7530Taro", "Alice \uD83D\uDE00")) {
            assertThat(Names.mixedScripts(fine)).as(fine).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Alice\u00A0", "Alice\u3164", "Alice\u2800", "A\u200Blice", "Al  ice", " Alice", "Alice "})
    void hiddenAndBlankCharactersAreNoticed(String name) {
        assertThat(Names.hiddenCharacters(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Alice", "Very Long", "\u5C71\u7530"})
    void ordinaryNamesHaveNoHiddenCharacters(String name) {
        assertThat(Names.hiddenCharacters(name)).isFalse();
    }

    @Test
    void theRowsPunctuationAndItsLookAlikesAreNoticed() {
        for (String name : List.of("you: hi", "Alice\uA789", "Alice\u2236 hi", "Bob [abcd]", "#SGJ6", "@x", "a \u2192 b", "\u00BB me",
                "\"quoted\"")) {
            assertThat(Names.layoutCharacters(name)).as(name).isTrue();
        }
        assertThat(Names.layoutCharacters("Alice-Marie O'Neil")).isFalse();
        for (String notice : List.of("-- Bob left", "!! warning", "* waves", "\u2212\u2013 dash", "\u01C3\u01C3 alert")) {
            assertThat(Names.layoutCharacters(notice)).as(notice).isTrue();
        }
        assertThat(Names.head("Alice [#mfrg]")).isEqualTo("Alice");
        assertThat(Names.head("you\uA789 agreed")).isEqualTo("you");
        assertThat(Names.head("Alice")).isEqualTo("Alice");
    }

    @Test
    void aNameThatLooksLikeAFingerprintIsNoticed() {
        List<String> fingerprints = List.of("SGJ6 ZEOA MFRG GZDF");
        List<String> ids = List.of("c0ffee" + "00".repeat(29));
        assertThat(Names.looksLikeFingerprint("sgj6", fingerprints, ids)).isTrue();
        assertThat(Names.looksLikeFingerprint("SG", fingerprints, ids)).isTrue();
        assertThat(Names.looksLikeFingerprint("sgj\u0431", fingerprints, ids)).isTrue(); // a Cyrillic be for the 6
        assertThat(Names.looksLikeFingerprint("#sgj6 zeoa", fingerprints, ids)).isTrue();
        assertThat(Names.looksLikeFingerprint("c0ffee", fingerprints, ids)).isTrue();
        assertThat(Names.looksLikeFingerprint("k2z7", fingerprints, ids)).isTrue(); // anyone's, some day
        assertThat(Names.looksLikeFingerprint("Alice", fingerprints, ids)).isFalse();
        assertThat(Names.looksLikeFingerprint("bob", fingerprints, ids)).isFalse();
    }

    @Test
    void theStartOfAFingerprintWithACapitalIIsNoticedInAnyCase() {
        // A capital I's skeleton is "l"; a lower-case i's is "i". The CI run that found this had Alice's
        // fingerprint start "TAIX XRZI" and an impostor called "taixxrzi" went untagged.
        List<String> fingerprints = List.of("TAIX XRZI MFRG GZDF");
        for (String name : List.of("taixxrzi", "TAIXXRZI", "TaIx", "ta1x", "tai", "ta1xxrzi", "tAlx")) {
            assertThat(Names.looksLikeFingerprint(name, fingerprints, List.of())).as(name).isTrue();
        }
        assertThat(Names.looksLikeFingerprint("tailor", fingerprints, List.of())).isFalse();
    }
}
