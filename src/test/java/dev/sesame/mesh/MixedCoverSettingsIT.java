package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.SesameProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Review finding: the liveness deadline is computed from each node's own traffic shape (30 of
 * its own ticks: 3 s by default) but the other side sends at its own rate: with {@code --cover
 * off} an idle link sends one padding cell per 5 s, and {@code --cover-interval} may be up to
 * 10 s. Nothing is negotiated, so a default node declares an idle peer with cover off (or with
 * a slower cover interval) dead every few seconds: the link flaps (peer_down timeout, redial,
 * peer_up, ...) for as long as both run.
 */
class MixedCoverSettingsIT {
    @Test
    void aDefaultNodeAndACoverOffNodeStayLinkedWhileIdle() {
        try (SesameProcess a = SesameProcess.start("a", "open sesame");
             SesameProcess b = SesameProcess.start("b", "open sesame", "--cover", "off", "--peer", a.address())) {
            a.await("peer_up", e -> e.path("peer_id").asText().equals(b.peerId()));
            b.await("peer_up", e -> e.path("peer_id").asText().equals(a.peerId()));
            int mark = a.mark();
            try {
                Thread.sleep(Duration.ofSeconds(12));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(a.events("peer_down")).as("a's peer_down events while idle for 12 s").isEmpty();
            assertThat(b.events("peer_down")).as("b's peer_down events while idle for 12 s").isEmpty();
            assertThat(mark).isGreaterThanOrEqualTo(0);
        }
    }
}
