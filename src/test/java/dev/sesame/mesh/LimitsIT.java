package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.SesameProcess;
import org.junit.jupiter.api.Test;

/** --max-peers and --max-links-per-address: beyond them new links are refused with a reason. */
class LimitsIT {
    @Test
    void beyondMaxPeersNewLinksAreRefused() {
        try (SesameProcess node = SesameProcess.start("node", "open sesame", "--cover", "off", "--max-peers", "1");
             SesameProcess first = SesameProcess.start("first", "open sesame", "--cover", "off", "--peer", node.address())) {
            node.await("peer_up", e -> e.path("peer_id").asText().equals(first.peerId()));
            try (SesameProcess second = SesameProcess.start("second", "open sesame", "--cover", "off", "--peer", node.address())) {
                node.await("rejected", e -> e.path("reason").asText().equals("too_many_peers"));
                // Our own failed dial is a "dial" event, never "rejected" (docs/HEADLESS.md, "dial").
                second.await("dial", e -> e.path("state").asText().equals("failed"));
                assertThat(node.events("peer_up")).hasSize(1);
            }
        }
    }

    @Test
    void beyondTheLinksPerAddressNewLinksFromThatAddressAreRefused() {
        try (SesameProcess node = SesameProcess.start("node", "open sesame", "--cover", "off", "--max-links-per-address", "1");
             SesameProcess first = SesameProcess.start("first", "open sesame", "--cover", "off", "--peer", node.address())) {
            node.await("peer_up", e -> e.path("peer_id").asText().equals(first.peerId()));
            try (SesameProcess second = SesameProcess.start("second", "open sesame", "--cover", "off", "--peer", node.address())) {
                node.await("rejected", e -> e.path("reason").asText().equals("too_many_from_address"));
                assertThat(node.events("peer_up").stream().map(e -> e.path("peer_id").asText()))
                        .doesNotContain(second.peerId());
            }
        }
    }
}
