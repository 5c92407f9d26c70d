package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.link.CloseReason;
import dev.sesame.link.Link;
import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TestNode;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * The reference implementation let any member post as any other. Here a member who takes
 * another's display name, and writes as if it were them, is always shown as itself.
 */
class ImpersonationIT {
    @Test
    void aMemberUsingAnothersNameIsShownWithItsOwnIdentity() throws Exception {
        try (SesameProcess alice = SesameProcess.start("alice", "open sesame", "--cover", "off", "--display-name", "alice");
             TestNode mallory = new TestNode("open sesame")) {
            try (SesameProcess bob = SesameProcess.start("bob", "open sesame", "--cover", "off", "--peer", alice.address())) {
                bob.await("peer_up", e -> e.path("name").asText().equals("alice"));

                Link link = mallory.openLink(bob.port());
                link.send(new PeerMessage.Profile("alice"));
                link.send(new PeerMessage.Chat(MessageId.random(new SecureRandom()), false, 0, "this is alice, honest"));
                JsonNode forged = bob.await("message", e -> e.path("text").asText().equals("this is alice, honest"));
                String malloryId = mallory.identity.peerId().hex();
                assertThat(forged.path("from").asText()).isEqualTo(malloryId).isNotEqualTo(alice.peerId());
                assertThat(forged.path("fingerprint").asText()).isEqualTo(mallory.identity.peerId().fingerprint());

                // Two peers called "alice": addressing one by that name is refused, with both listed.
                int mark = bob.mark();
                bob.send("/msg alice hello?");
                JsonNode error = bob.awaitSince(mark, e -> e.path("event").asText().equals("error"),
                        java.time.Duration.ofSeconds(10));
                assertThat(error.path("message").asText()).contains("matches several peers")
                        .contains(mallory.identity.peerId().fingerprint())
                        .contains(alice.ready().path("fingerprint").asText());
                link.close(CloseReason.LOCAL, CloseReason.LOCAL);
            }
        }
    }
}
