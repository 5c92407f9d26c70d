package dev.sesame.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.SesameProcess;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** With cover traffic a silent link is a dead link: no cell for 30 ticks (3 s by default) ends it. */
class LivenessIT {
    @Test
    void aPeerThatStopsSendingIsDeclaredDeadAfterThirtyTicks() throws Exception {
        try (SesameProcess alice = SesameProcess.start("alice", "liveness", "--bind", "127.0.0.1");
             SesameProcess bob = SesameProcess.start("bob", "liveness", "--bind", "127.0.0.1", "--peer", alice.address())) {
            alice.await("peer_up", e -> e.path("peer_id").asText().equals(bob.peerId()));
            bob.await("peer_up", e -> e.path("peer_id").asText().equals(alice.peerId()));
            int mark = alice.mark();
            long frozenAt = System.currentTimeMillis();
            signal("STOP", bob.pid()); // bob's process freezes: its socket stays open, no cell leaves
            try {
                JsonNode down = alice.awaitSince(mark, e -> e.path("event").asText().equals("peer_down")
                        && e.path("peer_id").asText().equals(bob.peerId()), Duration.ofSeconds(15));
                long after = down.path("ts").asLong() - frozenAt;
                System.out.println("frozen peer declared dead after " + after + " ms");
                assertThat(down.path("reason").asText()).isEqualTo("timeout");
                assertThat(after).isBetween(2_500L, 6_000L);
            } finally {
                signal("CONT", bob.pid());
            }
        }
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
