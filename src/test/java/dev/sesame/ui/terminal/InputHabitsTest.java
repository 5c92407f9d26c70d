package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pieces behind safe input and noticing activity: paste, leaving, completion, attention. */
class InputHabitsTest {
    private static void paste(PastePrompt prompt, String text) {
        prompt.start();
        text.chars().forEach(c -> prompt.add((char) c));
    }

    @Test
    void aOneLinePasteGoesToTheInputLineAndSeveralLinesAsk() {
        PastePrompt prompt = new PastePrompt();
        paste(prompt, "just one line\n");
        assertThat(prompt.end()).contains("just one line");
        assertThat(prompt.asking()).isFalse();

        paste(prompt, "one\r/quit\n\nthree");
        assertThat(prompt.end()).isEmpty();
        assertThat(prompt.question()).isEqualTo("Paste 3 lines? (Enter sends them as 3 messages, Ctrl-J joins them into one, Esc cancels)");
        assertThat(prompt.asMessages()).containsExactly("one", "/quit", "three");
        assertThat(prompt.asking()).isFalse();

        paste(prompt, "a\nb");
        prompt.end();
        assertThat(prompt.joined()).isEqualTo("a\nb");
    }

    @Test
    void anOverlongPasteIsCutAndTheQuestionSaysSo() {
        PastePrompt prompt = new PastePrompt();
        paste(prompt, "x".repeat(Limits.MAX_PASTE_CHARS + 10));
        assertThat(prompt.end()).isEmpty();
        assertThat(prompt.question()).contains("10 characters beyond " + Limits.MAX_PASTE_CHARS + " dropped");
    }

    @Test
    void leavingAsksOnlyWhenSomethingWouldBeLostAndTwiceLeaves() {
        LeaveGuard guard = new LeaveGuard();
        assertThat(guard.check(false, 0, 0)).isEmpty();
        assertThat(guard.check(true, 2, 0)).contains(
                "your draft is not sent and 2 messages are not delivered yet: press Esc (or Ctrl-C, or /quit) again to leave anyway");
        assertThat(guard.check(true, 2, 1_000_000_000L)).isEmpty();
        LeaveGuard slow = new LeaveGuard();
        slow.check(false, 1, 0);
        assertThat(slow.check(false, 1, LeaveGuard.CONFIRM_NANOS + 1)).isPresent(); // too late: asks again
        LeaveGuard typed = new LeaveGuard();
        typed.check(true, 0, 0);
        typed.disarm();
        assertThat(typed.check(true, 0, 1)).isPresent();
    }

    @Test
    void tabCompletesCommandsAtTheStartAndNamesElsewhere() {
        List<String> commands = List.of("/msg", "/me", "/peers", "/query");
        List<String> names = List.of("bob", "bobby", "carol");
        assertThat(Completion.complete("/ms", true, commands, names)).contains(new Completion.Result("/msg ", List.of()));
        assertThat(Completion.complete("/m", true, commands, names)).contains(new Completion.Result("/m", List.of("/me", "/msg")));
        assertThat(Completion.complete("ca", false, commands, names)).contains(new Completion.Result("carol ", List.of()));
        assertThat(Completion.complete("ca", true, commands, names)).contains(new Completion.Result("carol: ", List.of()));
        assertThat(Completion.complete("Bo", false, commands, names)).contains(new Completion.Result("bob", List.of("bob", "bobby")));
        assertThat(Completion.complete("zed", false, commands, names)).isEmpty();
    }

    @Test
    void theInputLineCompletesTheWordBeforeTheCursorAndKeepsLineBreaks() {
        InputLine line = new InputLine();
        "/msg bo".chars().forEach(c -> line.type((char) c));
        assertThat(line.wordBeforeCursor()).isEqualTo("bo");
        assertThat(line.atFirstWord()).isFalse();
        line.replaceWordBeforeCursor("bob ");
        line.type('h');
        line.newline();
        line.type('i');
        assertThat(line.text()).isEqualTo("/msg bob h\ni");
        assertThat(line.view(List.of(), 80).glyphs().stream().map(Glyph::text)).contains(InputLine.NEWLINE_MARK);
    }

    @Test
    void mentionsAreWholeWordsAndTheBellRingsForThemAndPrivateMessages() {
        assertThat(Attention.mentions("hey Alice, look", Optional.of("alice"))).isTrue();
        assertThat(Attention.mentions("malice aforethought", Optional.of("alice"))).isFalse();
        assertThat(Attention.mentions("alice", Optional.empty())).isFalse();
        Attention attention = new Attention(0);
        assertThat(attention.rings(false, true)).isTrue();
        assertThat(attention.rings(true, false)).isTrue();
        assertThat(attention.rings(false, false)).isFalse();
        attention.bell(false);
        assertThat(attention.rings(true, true)).isFalse();
    }

    @Test
    void theTitleCountsWhatArrivedSinceTheLastKeyAndTheMarkerComesAfterBeingAway() {
        Attention attention = new Attention(0);
        assertThat(attention.arrived(false, false, 1)).isFalse(); // not away: no marker
        assertThat(attention.arrived(true, true, 2)).isFalse();
        assertThat(attention.title()).isEqualTo("sesame (2 new, 1 private, 1 mention)");
        attention.looked(10);
        assertThat(attention.title()).isEqualTo("sesame");
        long away = 10 + Attention.AWAY_NANOS;
        assertThat(attention.arrived(false, false, away)).isTrue();
        assertThat(attention.arrived(false, false, away + 1)).isFalse(); // one marker per absence
    }
}
