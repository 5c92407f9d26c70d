package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextWidthTest {
    @Test
    void asciiLatinAndCyrillicAreOneColumn() {
        assertThat(TextWidth.of("abc")).isEqualTo(3);
        assertThat(TextWidth.of("é")).isEqualTo(1);
        assertThat(TextWidth.of("Ж")).isEqualTo(1);
    }

    @Test
    void cjkHangulAndFullwidthFormsAreTwoColumns() {
        assertThat(TextWidth.of("中文")).isEqualTo(4);
        assertThat(TextWidth.of("한")).isEqualTo(2);
        assertThat(TextWidth.of("Ａ")).isEqualTo(2);
        assertThat(TextWidth.of(new String(Character.toChars(0x20000)))).isEqualTo(2);
    }

    @Test
    void halfwidthKatakanaIsOneColumn() {
        assertThat(TextWidth.of("ｱ")).isEqualTo(1);
    }

    @Test
    void emojiWithEmojiPresentationAreTwoColumnsAndTextSymbolsOne() {
        assertThat(TextWidth.of("🐶")).isEqualTo(2);
        assertThat(TextWidth.of("⭐")).isEqualTo(2);
        assertThat(TextWidth.of("☔")).isEqualTo(2);
        assertThat(TextWidth.of("✏")).isEqualTo(1);
        assertThat(TextWidth.of("☺")).isEqualTo(1);
    }

    @Test
    void combiningMarksAndMedialJamoAreZeroColumns() {
        assertThat(TextWidth.of("e\u0301")).isEqualTo(1);
        assertThat(TextWidth.of("\u1100\u1161")).isEqualTo(2);
        assertThat(TextWidth.combines(0x0301)).isTrue();
        assertThat(TextWidth.combines('a')).isFalse();
    }

    @Test
    void everySafetyNumberEmojiHasAKnownWidth() {
        String emoji = "🐶🐱🦊🐻🐼🐨🐯🦁🐮🐷🐸🐵🐔🐧🐦🦆🦉🐴🦄🐝🐢🐍🐙🦀🐬🐳🌵🌲🌻🍄🌙⭐🔥🌈☔⛄🍎🍋🍌🍉🍇🍒🥕🌽🍞🧀🍕🎂"
                + "⚽🎲🎸🎺🚗🚲⛵🚀⏰🔑🔔📚📎🎈🎁";
        emoji.codePoints().forEach(cp -> assertThat(TextWidth.of(cp)).as(Integer.toHexString(cp)).isEqualTo(2));
        assertThat(TextWidth.of("✏")).isEqualTo(1);
    }

    @Test
    void rangeEdgesAreInclusive() {
        assertThat(TextWidth.isWide(0x10FF)).isFalse();
        assertThat(TextWidth.isWide(0x1100)).isTrue();
        assertThat(TextWidth.isWide(0x115F)).isTrue();
        assertThat(TextWidth.isWide(0x1160)).isFalse();
        assertThat(TextWidth.isWide(0x3FFFD)).isTrue();
        assertThat(TextWidth.isWide(0x3FFFE)).isFalse();
        assertThat(TextWidth.isWide(0x10FFFF)).isFalse();
    }
}
