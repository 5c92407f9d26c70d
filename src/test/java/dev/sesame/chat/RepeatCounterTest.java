package dev.sesame.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import org.junit.jupiter.api.Test;

class RepeatCounterTest {
    @Test
    void repeatsFromOneHostForOneReasonAreCountedWhateverThePort() {
        RepeatCounter counter = new RepeatCounter();
        assertThat(counter.seen("auth", "127.0.0.1:50001", "wrong_phrase", 1000)).isEqualTo(new RepeatCounter.Count(1, 1000));
        assertThat(counter.seen("auth", "127.0.0.1:50002", "wrong_phrase", 5000)).isEqualTo(new RepeatCounter.Count(2, 1000));
        assertThat(counter.seen("auth", "127.0.0.1:50003", "confirm_failed", 6000)).isEqualTo(new RepeatCounter.Count(1, 6000));
        assertThat(counter.seen("auth", "[::1]:50003", "wrong_phrase", 7000)).isEqualTo(new RepeatCounter.Count(1, 7000));
        assertThat(RepeatCounter.host("[::1]:9000")).isEqualTo("[::1]");
        assertThat(RepeatCounter.host("local")).isEqualTo("local");
    }

    @Test
    void manySourcesShareOneOverflowGroupSoTheMapStaysBounded() {
        RepeatCounter counter = new RepeatCounter();
        for (int i = 0; i < Limits.MAX_NOTICE_GROUPS; i++) counter.seen("rejected", "10.0." + (i / 250) + "." + (i % 250) + ":1", "x", 0);
        assertThat(counter.seen("rejected", "10.9.9.9:1", "x", 0).count()).isEqualTo(1);
        assertThat(counter.seen("rejected", "10.9.9.10:1", "x", 0).count()).isEqualTo(2); // the same overflow group
    }
}
