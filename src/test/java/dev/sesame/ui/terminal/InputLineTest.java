package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InputLineTest {
    private static final List<Glyph> PROMPT = Glyph.of("> ", Style.PROMPT);

    private static void type(InputLine line, String text) {
        for (char c : text.toCharArray()) line.type(c);
    }

    private static String shown(InputLine.View view) {
        return String.join("", view.glyphs().stream().map(Glyph::text).toList());
    }

    @Test
    void typingInsertsAtTheCursor() {
        InputLine line = new InputLine();
        type(line, "helo");
        line.left();
        type(line, "l");
        assertThat(line.text()).isEqualTo("hello");
        line.home();
        type(line, ">");
        assertThat(line.text()).isEqualTo(">hello");
    }

    @Test
    void surrogatePairsArriveAsTwoCharsAndBecomeOneCell() {
        InputLine line = new InputLine();
        type(line, "a🐶b");
        line.left();
        line.backspace();
        assertThat(line.text()).isEqualTo("ab");
    }

    @Test
    void aCombiningMarkJoinsTheCellBeforeItSoBackspaceRemovesBoth() {
        InputLine line = new InputLine();
        type(line, "xe\u0301");
        assertThat(line.view(PROMPT, 20).cursorColumn()).isEqualTo(4);
        line.backspace();
        assertThat(line.text()).isEqualTo("x");
    }

    @Test
    void controlFormatAndBidiCharactersAreRefused() {
        InputLine line = new InputLine();
        type(line, "a\u001b[31m\u202eb\u200b\u0007c\u0000");
        assertThat(line.text()).isEqualTo("a[31mbc");
    }

    @Test
    void deleteKillAndWordKeys() {
        InputLine line = new InputLine();
        type(line, "one two  three");
        line.deleteWordBack();
        assertThat(line.text()).isEqualTo("one two  ");
        line.deleteWordBack();
        assertThat(line.text()).isEqualTo("one ");
        line.home();
        line.delete();
        assertThat(line.text()).isEqualTo("ne ");
        line.right();
        line.deleteToEnd();
        assertThat(line.text()).isEqualTo("n");
        line.deleteToStart();
        assertThat(line.isEmpty()).isTrue();
    }

    @Test
    void submitEmptiesTheLineAndUpDownRecallEarlierLinesKeepingTheDraft() {
        InputLine line = new InputLine();
        type(line, "first");
        assertThat(line.submit()).isEqualTo("first");
        type(line, "second");
        line.submit();
        type(line, "draft");
        line.previous();
        assertThat(line.text()).isEqualTo("second");
        line.previous();
        assertThat(line.text()).isEqualTo("first");
        line.previous();
        assertThat(line.text()).isEqualTo("first");
        line.next();
        assertThat(line.text()).isEqualTo("second");
        line.next();
        assertThat(line.text()).isEqualTo("draft");
    }

    @Test
    void forgetDropsTheLineAndEverythingRemembered() {
        InputLine line = new InputLine();
        type(line, "secret plan");
        line.submit();
        type(line, "half typed");
        line.forget();
        line.previous();
        assertThat(line.text()).isEmpty();
    }

    @Test
    void recallIsBoundedAndSkipsRepeatsAndBlanks() {
        InputLine line = new InputLine();
        for (int i = 0; i < InputLine.MAX_RECALL + 10; i++) {
            type(line, "line " + i);
            line.submit();
            type(line, "line " + i);
            line.submit();
            type(line, "   ");
            line.submit();
        }
        int recalled = 0;
        String previous = null;
        while (true) {
            line.previous();
            if (line.text().equals(previous)) break;
            previous = line.text();
            recalled++;
        }
        assertThat(recalled).isEqualTo(InputLine.MAX_RECALL);
    }

    @Test
    void longTextScrollsSoTheCursorStaysVisible() {
        InputLine line = new InputLine();
        type(line, "abcdefghijklmnopqrstuvwxyz");
        InputLine.View end = line.view(PROMPT, 12);
        assertThat(shown(end)).isEqualTo("> rstuvwxyz"); // the last column is kept for the cursor
        assertThat(end.cursorColumn()).isEqualTo(11);
        line.home();
        InputLine.View start = line.view(PROMPT, 12);
        assertThat(shown(start)).isEqualTo("> abcdefghij");
        assertThat(start.cursorColumn()).isEqualTo(2);
    }

    @Test
    void wideCharactersScrollByTheirWidth() {
        InputLine line = new InputLine();
        type(line, "中文中文中文");
        InputLine.View view = line.view(PROMPT, 9);
        assertThat(Glyph.width(view.glyphs())).isLessThanOrEqualTo(9);
        assertThat(view.cursorColumn()).isLessThan(9);
    }
}
