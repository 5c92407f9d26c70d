package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SanitizerTest {
    @Test
    void escapeSequencesBecomeInertCaretText() {
        String hostile = "\u001b[2J\u001b[31mRED\u001b]0;title\u0007";
        assertThat(Sanitizer.text(hostile)).isEqualTo("^[[2J^[[31mRED^[]0;title^G");
    }

    @Test
    void noCodeBelowSpaceOrDelOrC1SurvivesExceptLineBreaksInText() {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c < 0xA0; c++) all.append((char) c);
        String text = Sanitizer.text(all.toString());
        String line = Sanitizer.line(all.toString());
        text.chars().forEach(c -> assertThat(c == '\n' || (c >= 0x20 && c != 0x7F && (c < 0x80 || c > 0x9F))).isTrue());
        line.chars().forEach(c -> assertThat(c >= 0x20 && c != 0x7F && (c < 0x80 || c > 0x9F)).isTrue());
    }

    @Test
    void delAndC1ControlsAreVisible() {
        assertThat(Sanitizer.text("a\u007fb")).isEqualTo("a^?b");
        assertThat(Sanitizer.text("a\u009b31mb\u0085c")).isEqualTo("a\uFFFD31mb\nc"); // NEL is a line break
    }

    @Test
    void bidiOverridesIsolatesAndZeroWidthCharactersAreRemoved() {
        String spoof = "abc\u202Egnp.exe\u202C \u2066x\u2069 \u200Bz\u200D\u00AD\uFEFF\u061C\u200E\u200F";
        assertThat(Sanitizer.text(spoof)).isEqualTo("abcgnp.exe x z");
    }

    @Test
    void variationSelectorsAndTagsAreRemoved() {
        assertThat(Sanitizer.text("\u2764\uFE0F \uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC7F"))
                .isEqualTo("\u2764 \uD83C\uDFF4");
    }

    @Test
    void lineBreaksOfEveryKindBecomeOneBreakInTextAndASpaceInALine() {
        assertThat(Sanitizer.text("a\r\nb\rc\nd\u2028e\u2029f")).isEqualTo("a\nb\nc\nd\ne\nf");
        assertThat(Sanitizer.line("a\r\nb\tc")).isEqualTo("a b c");
    }

    @Test
    void privateUseUnassignedAndLoneSurrogatesAreReplaced() {
        assertThat(Sanitizer.text("\uE000x\uD800y\uDFFF")).isEqualTo("\uFFFDx\uFFFDy\uFFFD");
        assertThat(Sanitizer.text(new String(Character.toChars(0x10FFFD)))).isEqualTo("\uFFFD");
    }

    @Test
    void accentsComposeWhereUnicodeHasAComposedLetter() {
        assertThat(Sanitizer.text("e\u0301")).isEqualTo("\u00E9");
    }

    @Test
    void aMarkWithoutABaseGetsADottedCircleSoItCannotJoinOurOwnText() {
        assertThat(Sanitizer.text("\u0301x")).isEqualTo("\u25CC\u0301x");
        assertThat(Sanitizer.text("a\n\u0301")).isEqualTo("a\n\u25CC\u0301");
    }

    @Test
    void zalgoIsCutToThreeMarksPerLetter() {
        String zalgo = "z\u0316\u0317\u0318\u0319\u031C\u031D"; // all of one combining class: NFC keeps the order
        assertThat(Sanitizer.text(zalgo)).isEqualTo("z\u0316\u0317\u0318");
        assertThat(Sanitizer.text("z" + "\u0301\u0316".repeat(20) + "!")).hasSize(5).endsWith("!");
    }

    @Test
    void ordinaryTextOfManyScriptsIsUnchanged() {
        String text = "Grüße, 你好, こんにちは, 안녕, Привет, مرحبا, שלום, नमस्ते 🐶👍🏽";
        assertThat(Sanitizer.text(text)).isEqualTo(text);
    }

    @Test
    void drawableAgreesWithLine() {
        for (int cp = 0; cp < 0x3000; cp++) {
            if (Character.isSurrogate((char) cp)) continue;
            String s = Character.toString(cp);
            if (Sanitizer.drawable(cp) && !TextWidth.combines(cp)) {
                assertThat(Sanitizer.line(s)).isEqualTo(java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC));
            }
        }
    }
}
