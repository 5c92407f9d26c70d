package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import org.junit.jupiter.api.Test;

class KeyBindingsTest {
    @Test
    void enterSendsEscapeAndCtrlCLeaveF12Panics() {
        assertThat(KeyBindings.of(new KeyStroke(KeyType.Enter))).isEqualTo(KeyBindings.Action.SUBMIT);
        assertThat(KeyBindings.of(new KeyStroke(KeyType.Escape))).isEqualTo(KeyBindings.Action.LEAVE);
        assertThat(KeyBindings.of(new KeyStroke('c', true, false))).isEqualTo(KeyBindings.Action.LEAVE);
        assertThat(KeyBindings.of(new KeyStroke(KeyType.F12))).isEqualTo(KeyBindings.Action.PANIC);
    }

    @Test
    void pagingKeysScrollAndEndGoesLive() {
        assertThat(KeyBindings.of(new KeyStroke(KeyType.PageUp))).isEqualTo(KeyBindings.Action.SCROLL_BACK);
        assertThat(KeyBindings.of(new KeyStroke(KeyType.PageDown))).isEqualTo(KeyBindings.Action.SCROLL_FORWARD);
        assertThat(KeyBindings.of(new KeyStroke(KeyType.End))).isEqualTo(KeyBindings.Action.LIVE);
    }

    @Test
    void upAndDownRecallLines() {
        assertThat(KeyBindings.of(new KeyStroke(KeyType.ArrowUp))).isEqualTo(KeyBindings.Action.RECALL_PREVIOUS);
        assertThat(KeyBindings.of(new KeyStroke(KeyType.ArrowDown))).isEqualTo(KeyBindings.Action.RECALL_NEXT);
    }

    @Test
    void plainCharactersAreTypedAndAltCharactersIgnored() {
        assertThat(KeyBindings.of(new KeyStroke('x', false, false))).isEqualTo(KeyBindings.Action.TYPE);
        assertThat(KeyBindings.of(new KeyStroke('x', false, true))).isEqualTo(KeyBindings.Action.IGNORE);
        assertThat(KeyBindings.of(new KeyStroke('q', true, false))).isEqualTo(KeyBindings.Action.IGNORE);
    }

    @Test
    void theTerminalGoingAwayLeaves() {
        assertThat(KeyBindings.of(new KeyStroke(KeyType.EOF))).isEqualTo(KeyBindings.Action.LEAVE);
    }
}
