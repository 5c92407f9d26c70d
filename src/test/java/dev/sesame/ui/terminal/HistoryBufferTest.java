package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class HistoryBufferTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    /** One row per entry, showing the entry's text. */
    private static final Function<HistoryEntry, List<List<Glyph>>> ONE_ROW =
            e -> List.of(Glyph.of(e.text(), Style.TEXT));

    private static HistoryEntry line(String text) {
        return HistoryEntry.system(HistoryEntry.Kind.NOTICE, T0, text);
    }

    private static HistoryEntry message(String id, String text, Optional<Instant> expires) {
        return HistoryEntry.theirs(id, T0, "peer", text, false, expires);
    }

    private static List<String> texts(List<List<Glyph>> rows) {
        return rows.stream().map(r -> String.join("", r.stream().map(Glyph::text).toList())).toList();
    }

    private static HistoryBuffer numbered(int count) {
        HistoryBuffer history = new HistoryBuffer();
        for (int i = 1; i <= count; i++) history.add(line("line " + i), 1);
        return history;
    }

    @Test
    void showsTheNewestRowsThatFit() {
        assertThat(texts(numbered(10).visible(3, ONE_ROW))).containsExactly("line 8", "line 9", "line 10");
    }

    @Test
    void aShortHistoryShowsEverything() {
        assertThat(texts(numbered(2).visible(5, ONE_ROW))).containsExactly("line 1", "line 2");
    }

    @Test
    void scrollingBackShowsOlderRowsAndForwardReturns() {
        HistoryBuffer history = numbered(10);
        history.scrollBack(3);
        assertThat(texts(history.visible(3, ONE_ROW))).containsExactly("line 5", "line 6", "line 7");
        assertThat(history.isLive()).isFalse();
        history.scrollForward(3);
        assertThat(texts(history.visible(3, ONE_ROW))).containsExactly("line 8", "line 9", "line 10");
        assertThat(history.isLive()).isTrue();
    }

    @Test
    void scrollingPastTheTopStopsAtTheOldestRow() {
        HistoryBuffer history = numbered(10);
        history.scrollBack(100);
        assertThat(texts(history.visible(3, ONE_ROW))).containsExactly("line 1", "line 2", "line 3");
        assertThat(history.atTop()).isTrue();
        history.scrollForward(1);
        assertThat(texts(history.visible(3, ONE_ROW))).containsExactly("line 2", "line 3", "line 4");
    }

    @Test
    void newLinesDoNotMoveAScrolledBackViewAndAreCounted() {
        HistoryBuffer history = numbered(10);
        history.scrollBack(3);
        history.visible(3, ONE_ROW);
        history.add(line("line 11"), 1);
        history.add(line("line 12"), 1);
        assertThat(texts(history.visible(3, ONE_ROW))).containsExactly("line 5", "line 6", "line 7");
        assertThat(history.unseen()).isEqualTo(2);
        history.live();
        assertThat(texts(history.visible(3, ONE_ROW))).containsExactly("line 10", "line 11", "line 12");
        assertThat(history.unseen()).isZero();
    }

    @Test
    void removeTakesAwayTheMessageWithThatId() {
        HistoryBuffer history = new HistoryBuffer();
        history.add(message("a1", "keep", Optional.empty()), 1);
        history.add(message("b2", "vanish", Optional.empty()), 1);
        assertThat(history.remove("b2")).isTrue();
        assertThat(history.remove("b2")).isFalse();
        assertThat(texts(history.visible(5, ONE_ROW))).containsExactly("keep");
    }

    @Test
    void expiredMessagesAreRemovedWhenTheirTimeIsUp() {
        HistoryBuffer history = new HistoryBuffer();
        history.add(message("a1", "short", Optional.of(T0.plusSeconds(5))), 1);
        history.add(message("b2", "long", Optional.of(T0.plusSeconds(50))), 1);
        assertThat(history.removeExpired(T0.plusSeconds(4))).isFalse();
        assertThat(history.removeExpired(T0.plusSeconds(5))).isTrue();
        assertThat(texts(history.visible(5, ONE_ROW))).containsExactly("long");
    }

    @Test
    void keepsAtMostMaxEntries() {
        HistoryBuffer history = numbered(HistoryBuffer.MAX_ENTRIES + 5);
        assertThat(history.size()).isEqualTo(HistoryBuffer.MAX_ENTRIES);
        history.scrollBack(Integer.MAX_VALUE / 2);
        assertThat(texts(history.visible(1, ONE_ROW))).containsExactly("line 6");
    }

    @Test
    void clearEmptiesAndReturnsToLive() {
        HistoryBuffer history = numbered(10);
        history.scrollBack(2);
        history.clear();
        assertThat(history.visible(3, ONE_ROW)).isEmpty();
        assertThat(history.isLive()).isTrue();
    }

    @Test
    void multiRowEntriesScrollByRow() {
        HistoryBuffer history = new HistoryBuffer();
        Function<HistoryEntry, List<List<Glyph>>> twoRows =
                e -> List.of(Glyph.of(e.text() + "a", Style.TEXT), Glyph.of(e.text() + "b", Style.TEXT));
        for (int i = 1; i <= 3; i++) history.add(line("e" + i), 2);
        history.scrollBack(1);
        assertThat(texts(history.visible(2, twoRows))).containsExactly("e2b", "e3a");
    }
}
