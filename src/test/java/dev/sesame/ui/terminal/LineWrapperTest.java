package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineWrapperTest {
    private static List<String> wrap(String text, int width, int indent) {
        return LineWrapper.wrap(Glyph.ofUntrusted(text, Style.TEXT), width, indent).stream()
                .map(row -> String.join("", row.stream().map(Glyph::text).toList()))
                .toList();
    }

    private static void assertFits(String text, int width) {
        for (List<Glyph> row : LineWrapper.wrap(Glyph.ofUntrusted(text, Style.TEXT), width, 0)) {
            assertThat(Glyph.width(row)).isLessThanOrEqualTo(width);
        }
    }

    @Test
    void shortLineIsOneRow() {
        assertThat(wrap("hello", 10, 0)).containsExactly("hello");
    }

    @Test
    void emptyLineIsOneEmptyRow() {
        assertThat(wrap("", 10, 0)).containsExactly("");
    }

    @Test
    void breaksAtTheLastSpaceThatFits() {
        assertThat(wrap("the quick brown fox", 10, 0)).containsExactly("the quick", "brown fox");
    }

    @Test
    void cutsAWordLongerThanARow() {
        assertThat(wrap("abcdefghijkl", 5, 0)).containsExactly("abcde", "fghij", "kl");
    }

    @Test
    void continuationRowsAreIndented() {
        assertThat(wrap("bob: one two three", 12, 5)).containsExactly("bob: one two", "     three");
        assertThat(wrap("ab cd ef gh", 6, 2)).containsExactly("ab cd", "  ef", "  gh");
    }

    @Test
    void cjkCountsTwoColumnsAndNeverStraddlesARow() {
        assertThat(wrap("中文中文中", 5, 0)).containsExactly("中文", "中文", "中");
        assertThat(wrap("a中文", 4, 0)).containsExactly("a中", "文");
        assertFits("中".repeat(33), 7);
    }

    @Test
    void emojiCountTwoColumns() {
        assertThat(wrap("🐶🐱🦊", 5, 0)).containsExactly("🐶🐱", "🦊");
        assertFits("x🐶".repeat(40), 9);
    }

    @Test
    void combiningMarksTakeNoColumnAndStayWithTheirLetter() {
        String accented = "ж\u0334\u0358л\u0334\u0358ф\u0334\u0358ы"; // no precomposed forms: marks stay separate
        assertThat(wrap(accented, 2, 0)).containsExactly("ж\u0334\u0358л\u0334\u0358", "ф\u0334\u0358ы");
        assertThat(wrap("e\u0301e\u0301e\u0301", 3, 0)).containsExactly("\u00E9\u00E9\u00E9");
    }

    @Test
    void aWideGlyphInAOneColumnPaneBecomesAStandIn() {
        assertThat(wrap("中", 1, 0)).containsExactly("?");
    }

    @Test
    void lineBreaksInTheTextStartNewIndentedRows() {
        assertThat(wrap("-- a\nb\nc", 10, 3)).containsExactly("-- a", "   b", "   c");
    }

    @Test
    void rowsNeverExceedTheWidthWhateverTheMix() {
        String mix = "Grüße 你好 🐶👍🏽 e\u0301 ok\tfin \u001b[31m 한국어 " + "w".repeat(30);
        for (int width = 1; width < 40; width++) assertFits(mix, width);
    }

    @Test
    void continuationRowsAreIndentedEvenWhenTheIndentIsWiderThanHalfTheRow() {
        List<String> rows = wrap("x".repeat(30) + " first part\nsecond", 40, 30);
        assertThat(rows).containsExactly("x".repeat(30) + " first", " ".repeat(20) + "part", " ".repeat(20) + "second");
    }
}
