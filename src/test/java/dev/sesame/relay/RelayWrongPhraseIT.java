package dev.sesame.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.RelayProcess;
import dev.sesame.testing.SesameProcess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node with another phrase in the same room at the same relay: auth_failed, and nothing else. */
class RelayWrongPhraseIT {
    @Test
    void aWrongPhraseInTheSameRoomGetsAuthFailedAndNothingElse() {
        try (RelayProcess relay = RelayProcess.start(0);
             SesameProcess alice = node("alice", "the real phrase of this room", relay);
             SesameProcess mallory = node("mallory", "a guess at the phrase", relay)) {
            Await.event(mallory, "auth_failed");
            Await.event(alice, "auth_failed");
            alice.send("for members only");
            Await.event(alice, "sent");
            for (SesameProcess n : List.of(alice, mallory)) {
                assertThat(n.events("peer_up")).isEmpty();
                assertThat(n.events("message")).isEmpty();
                assertThat(n.events("auth_failed")).allMatch(e -> e.path("address").asText().startsWith("relay "));
            }
        }
    }

    private static SesameProcess node(String name, String phrase, RelayProcess relay) {
        return SesameProcess.start(name, phrase, "--no-listen", "--relay", relay.pinned(), "--room", "wrong-phrase-test");
    }
}
