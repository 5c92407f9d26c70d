package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.util.Clock;
import dev.sesame.transport.PipeSource;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Review finding: {@code admitIncoming} only checks that the address's failed-authentication
 * bucket holds a token; it does not reserve it. A guesser whose bucket has refilled to one token
 * opens {@code --max-links-per-address} (default 8) connections at once, all are admitted, and
 * it gets 8 guesses per refill interval instead of 1 (and 5 + 8 at the start).
 */
class AdmissionGuessRateTest {
    private long now;
    private final Clock clock = new Clock() {
        @Override public long nanoTime() { return now; }
        @Override public Instant now() { return Instant.EPOCH; }
    };

    @Test
    void oneTokenAdmitsOneHandshakeNotEight() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, Limits.DEFAULT_MAX_LINKS_PER_ADDRESS);
        PipeSource guesser = AdmissionControlTest.ip(1);
        for (int i = 0; i < Limits.AUTH_FAILURE_BURST; i++) AdmissionControlTest.guessWrong(admission, guesser);
        now += Limits.AUTH_FAILURE_REFILL.toNanos(); // one token back
        int admitted = 0;
        for (int i = 0; i < Limits.DEFAULT_MAX_LINKS_PER_ADDRESS; i++) {
            if (AdmissionControlTest.refusal(admission, guesser).isEmpty()) admitted++;
        }
        assertThat(admitted).as("handshakes (guesses) admitted at once on one token").isEqualTo(1);
    }
}
