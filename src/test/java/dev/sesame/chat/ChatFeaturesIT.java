package dev.sesame.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.SesameProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Disappearing messages, names and safety numbers through the headless contract. */
class ChatFeaturesIT {
    @Test
    void disappearingMessagesNamesAndSafetyNumbersWorkEndToEnd() {
        try (SesameProcess alice = SesameProcess.start("alice", "open sesame", "--cover", "off", "--display-name", "alice")) {
            try (SesameProcess carol = SesameProcess.start("carol", "open sesame", "--cover", "off", "--ttl", "30",
                    "--peer", alice.address())) {
                alice.await("peer_up", e -> e.path("peer_id").asText().equals(carol.peerId()));
                carol.await("peer_up", e -> e.path("peer_id").asText().equals(alice.peerId()));

                // --ttl at start applies to every message.
                carol.send("gone in thirty");
                JsonNode sentWithTtl = carol.await("sent", e -> e.path("text").asText().equals("gone in thirty"));
                assertThat(sentWithTtl.path("ttl").asLong()).isEqualTo(30);

                // /ttl changes it; the receiver gets the TTL inside the message and enforces it.
                alice.send("/ttl 5");
                alice.await("settings", e -> e.path("ttl").asLong() == 5);
                alice.send("gone in five");
                JsonNode sent = alice.await("sent", e -> e.path("text").asText().equals("gone in five"));
                JsonNode received = carol.await("message", e -> e.path("text").asText().equals("gone in five"));
                assertThat(received.path("ttl").asLong()).isBetween(4L, 5L);
                JsonNode expiredThere = carol.awaitSince(0, e -> e.path("event").asText().equals("expired")
                        && e.path("id").asText().equals(sent.path("id").asText()), Duration.ofSeconds(15));
                JsonNode expiredHere = alice.awaitSince(0, e -> e.path("event").asText().equals("expired")
                        && e.path("id").asText().equals(sent.path("id").asText()), Duration.ofSeconds(15));
                long lifeThere = expiredThere.path("ts").asLong() - received.path("ts").asLong();
                long lifeHere = expiredHere.path("ts").asLong() - sent.path("ts").asLong();
                assertThat(lifeThere).isBetween(3_500L, 7_000L);
                assertThat(lifeHere).isBetween(4_500L, 7_000L);
                alice.send("/ttl off");
                alice.await("settings", e -> e.path("ttl").isNull());
                assertThat(carol.events("expired").stream().map(e -> e.path("id").asText()))
                        .doesNotContain(sentWithTtl.path("id").asText());

                // A name change is an event on the other side.
                carol.send("/name carol");
                alice.await("name_changed", e -> e.path("peer_id").asText().equals(carol.peerId())
                        && e.path("name").asText().equals("carol") && e.path("old_name").isNull());

                // Both ends of the link see the same safety number; verifying marks the peer.
                alice.send("/verify carol");
                JsonNode atAlice = alice.await("safety_number");
                carol.send("/verify alice ok");
                JsonNode atCarol = carol.await("safety_number");
                assertThat(atAlice.path("digits").asText()).matches("\\d{5}( \\d{5}){5}")
                        .isEqualTo(atCarol.path("digits").asText());
                assertThat(atAlice.path("emoji").asText()).isEqualTo(atCarol.path("emoji").asText());
                assertThat(atAlice.path("verified").asBoolean()).isFalse();
                assertThat(atCarol.path("verified").asBoolean()).isTrue();
                int mark = carol.mark();
                carol.send("/peers");
                JsonNode peers = carol.awaitSince(mark, e -> e.path("event").asText().equals("peers"), Duration.ofSeconds(10));
                assertThat(peers.path("peers").get(0).path("verified").asBoolean()).isTrue();
            }
            // A different link has a different safety number.
            try (SesameProcess dave = SesameProcess.start("dave", "open sesame", "--cover", "off", "--peer", alice.address())) {
                alice.await("peer_up", e -> e.path("peer_id").asText().equals(dave.peerId()));
                dave.await("peer_up", e -> e.path("peer_id").asText().equals(alice.peerId()));
                int mark = alice.mark();
                alice.send("/verify " + dave.peerId().substring(0, 8));
                JsonNode other = alice.awaitSince(mark, e -> e.path("event").asText().equals("safety_number"),
                        Duration.ofSeconds(10));
                assertThat(other.path("digits").asText()).isNotEqualTo(alice.await("safety_number").path("digits").asText());
            }
        }
    }
}
