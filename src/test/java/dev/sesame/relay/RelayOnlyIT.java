package dev.sesame.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.RelayProcess;
import dev.sesame.testing.SesameProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three nodes that accept no connections at all ({@code --no-listen}) and one relay form a full
 * mesh: every pair links through the relay (via relay), group and private messages flow both
 * ways, and the relay's console shows three spliced pipes as counts only.
 */
class RelayOnlyIT {
    private static final String PHRASE = "correct horse battery staple relay";

    @Test
    void threeNodesThatDoNotListenFormAFullMeshThroughOneRelay() {
        try (RelayProcess relay = RelayProcess.start(0);
             SesameProcess a = node("alice", relay);
             SesameProcess b = node("bob", relay);
             SesameProcess c = node("carol", relay)) {
            for (SesameProcess n : List.of(a, b, c)) {
                Await.event(n, "relay_up");
                assertThat(Await.event(n, "ready").path("listen").asText()).isEmpty();
            }
            for (SesameProcess n : List.of(a, b, c)) {
                List<JsonNode> ups = n.awaitCount(e -> e.path("event").asText().equals("peer_up"), 2, Await.LONG);
                assertThat(ups).allMatch(e -> e.path("via").asText().equals("relay"));
            }
            relay.await(l -> l.contains(" 3 pipes "), Await.LONG);

            a.send("hello everyone from alice");
            Await.message(b, "hello everyone from alice");
            Await.message(c, "hello everyone from alice");
            c.send("and back from carol");
            Await.message(a, "and back from carol");
            Await.message(b, "and back from carol");

            b.send("/msg alice only for alice");
            Await.event(a, "message", e -> e.path("text").asText().equals("only for alice") && e.path("private").asBoolean());
            a.send("/msg bob only for bob");
            Await.event(b, "message", e -> e.path("text").asText().equals("only for bob") && e.path("private").asBoolean());
            Await.event(b, "delivered");
            assertThat(c.events("message")).noneMatch(e -> e.path("private").asBoolean());
            assertThat(relay.lines()).noneMatch(l -> l.contains("alice") || l.contains("hello"));
        }
    }

    private static SesameProcess node(String name, RelayProcess relay) {
        return SesameProcess.start(name, PHRASE, "--no-listen", "--relay", relay.pinned(), "--room", "relay-only-test",
                "--display-name", name);
    }
}
