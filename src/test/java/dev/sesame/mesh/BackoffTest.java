package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void startsNearOneSecondDoublesAndStopsAtSixtyWithJitter() {
        Backoff backoff = new Backoff(new Random(1));
        long[] base = {1, 2, 4, 8, 16, 32, 60, 60, 60};
        for (long seconds : base) {
            Duration d = backoff.next();
            assertThat(d.toMillis()).isBetween((long) (seconds * 800), Math.min(60_000, (long) (seconds * 1200)));
        }
        backoff.reset();
        assertThat(backoff.next().toMillis()).isBetween(800L, 1200L);
    }

    @Test
    void twoNodesThatLostTheSamePeerDoNotRedialInStep() {
        Backoff a = new Backoff(new Random(1));
        Backoff b = new Backoff(new Random(2));
        int same = 0;
        for (int i = 0; i < 8; i++) if (a.next().equals(b.next())) same++;
        assertThat(same).isLessThan(8);
    }

    @Test
    void aCapKeepsEveryDelayUnderItJitterIncluded() {
        Backoff backoff = new Backoff(new Random(3));
        for (int i = 0; i < 12; i++) assertThat(backoff.next(Duration.ofSeconds(2)).toMillis()).isBetween(800L, 2000L);
        assertThat(backoff.failures()).as("the failures still count").isEqualTo(12);
        assertThat(backoff.next().toMillis()).as("an uncapped delay after them is long").isGreaterThanOrEqualTo(48_000L);
    }
}
