package dev.sesame.ratchet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.SesameProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ratchet cases that broke the reference implementation, across two real processes: the
 * messages travel over the link as records, not only in memory.
 */
class RatchetOverTheWireIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static List<String> texts(List<JsonNode> events) {
        return events.stream().map(e -> e.path("text").asText()).toList();
    }

    @Test
    void aLongOneWayBurstThenCrossingBurstsAllArriveInOrderAndExactlyOnce() {
        try (SesameProcess alice = SesameProcess.start("alice", "open sesame", "--cover", "off");
             SesameProcess bob = SesameProcess.start("bob", "open sesame", "--cover", "off", "--peer", alice.address())) {
            alice.await("peer_up");
            bob.await("peer_up");

            // 500 messages from bob, no reply: the reference broke after four.
            for (int i = 0; i < 500; i++) bob.send("one way " + i);
            List<JsonNode> oneWay = alice.awaitCount(e -> e.path("event").asText().equals("message")
                    && e.path("text").asText().startsWith("one way "), 500, WAIT);
            assertThat(texts(oneWay)).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 500)
                    .mapToObj(i -> "one way " + i).toList());

            // Both sides send at once, several rounds: crossing DH ratchet steps.
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 40; i++) {
                    alice.send("a" + round + "-" + i);
                    bob.send("b" + round + "-" + i);
                }
            }
            List<JsonNode> atBob = bob.awaitCount(e -> e.path("event").asText().equals("message"), 200, WAIT);
            List<JsonNode> atAlice = alice.awaitCount(e -> e.path("event").asText().equals("message")
                    && e.path("text").asText().startsWith("b"), 200, WAIT);
            assertThat(texts(atBob)).doesNotHaveDuplicates().allMatch(t -> t.startsWith("a")).hasSize(200);
            assertThat(texts(atAlice)).doesNotHaveDuplicates().hasSize(200);
            bob.awaitCount(e -> e.path("event").asText().equals("delivered"), 700, WAIT);
            alice.awaitCount(e -> e.path("event").asText().equals("delivered"), 200, WAIT);
            assertThat(alice.events("rejected")).isEmpty();
            assertThat(bob.events("rejected")).isEmpty();
            assertThat(alice.events("peer_down")).isEmpty();
        }
    }
}
