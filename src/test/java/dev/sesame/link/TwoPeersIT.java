package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.SesameProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two real processes on 127.0.0.1, as two people would run them. */
class TwoPeersIT {
    @Test
    void samePhraseLinksAndMessagesFlowBothWays() {
        try (SesameProcess alice = SesameProcess.start("alice", "open sesame", "--display-name", "alice");
             SesameProcess bob = SesameProcess.start("bob", "open sesame", "--peer", "127.0.0.1:" + alice.port())) {
            alice.await("peer_up", e -> e.path("peer_id").asText().equals(bob.peerId()));
            bob.await("peer_up", e -> e.path("peer_id").asText().equals(alice.peerId())
                    && e.path("name").asText().equals("alice") && e.path("direction").asText().equals("out"));

            bob.send("hello alice");
            var received = alice.await("message", e -> e.path("text").asText().equals("hello alice"));
            assertThat(received.path("from").asText()).isEqualTo(bob.peerId());
            assertThat(received.path("private").asBoolean()).isFalse();
            var sent = bob.await("sent", e -> e.path("text").asText().equals("hello alice"));
            bob.await("delivered", e -> e.path("id").asText().equals(sent.path("id").asText())
                    && e.path("to").asText().equals(alice.peerId()));

            alice.send("hello bob");
            bob.await("message", e -> e.path("text").asText().equals("hello bob")
                    && e.path("from").asText().equals(alice.peerId()));

            alice.send("/quit");
            alice.await("bye");
            assertThat(alice.awaitExit(Duration.ofSeconds(10))).isZero();
            bob.await("peer_down", e -> e.path("reason").asText().equals("goodbye"));
            bob.await("alone");
            // A goodbye ends one link; it can never make the other side exit. Bob stays, listening.
            assertThat(bob.process().isAlive()).isTrue();
            try (SesameProcess carol = SesameProcess.start("carol", "open sesame", "--peer", "127.0.0.1:" + bob.port())) {
                bob.await("peer_up", e -> e.path("peer_id").asText().equals(carol.peerId()));
            }
        }
    }

    @Test
    void differentPhrasesFailAuthenticationOnBothSidesAndNothingPasses() {
        try (SesameProcess alice = SesameProcess.start("alice", "open sesame");
             SesameProcess mallory = SesameProcess.start("mallory", "guess", "--peer", "127.0.0.1:" + alice.port())) {
            alice.await("auth_failed", e -> e.path("reason").asText().equals("wrong_phrase"));
            mallory.await("auth_failed", e -> e.path("reason").asText().equals("wrong_phrase"));
            mallory.send("can you read this");
            mallory.await("sent", e -> e.path("to").isEmpty());
            alice.send("/peers");
            var peers = alice.await("peers");
            assertThat(peers.path("peers")).isEmpty();
            assertThat(alice.events("message")).isEmpty();
            assertThat(alice.events("peer_up")).isEmpty();
            assertThat(mallory.events("peer_up")).isEmpty();
        }
    }
}
