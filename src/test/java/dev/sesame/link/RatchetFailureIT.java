package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TestNode;
import dev.sesame.wire.Cell;
import dev.sesame.wire.CellCodec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A record that the ratchet refuses ends that link with a {@code rejected} event naming the
 * failure class, never key material, and the node carries on.
 */
class RatchetFailureIT {
    @Test
    void aForgedRecordClosesTheLinkWithARejectionAndTheNodeCarriesOn() throws Exception {
        try (SesameProcess node = SesameProcess.start("node", "open sesame", "--cover", "off");
             TestNode member = new TestNode("open sesame")) {
            Connector.Authenticated session = member.dial(node.port(), 1);
            byte[] forged = new byte[200];
            new java.security.SecureRandom().nextBytes(forged);
            forged[31] &= 0x3f; // a canonical ratchet key ...
            java.util.Arrays.fill(forged, 32, 40, (byte) 0); // ... and counters at 0: the failure is the AEAD's
            session.channel().output().write(CellCodec.encode(new Cell(Cell.Type.RECORD, true, forged)));
            session.channel().output().flush();
            var rejected = node.await("rejected", e -> e.path("reason").asText().startsWith("ratchet_"));
            assertThat(rejected.path("reason").asText()).isEqualTo("ratchet_decrypt_failed");
            session.channel().setReadTimeout(Duration.ofSeconds(10));
            session.channel().input().readAllBytes(); // the node closed the link
            session.session().ratchet().close();
            try (SesameProcess peer = SesameProcess.start("peer", "open sesame", "--cover", "off", "--peer", node.address())) {
                node.await("peer_up", e -> e.path("peer_id").asText().equals(peer.peerId()));
            }
        }
    }
}
