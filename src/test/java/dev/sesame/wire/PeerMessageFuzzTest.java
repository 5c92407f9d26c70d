package dev.sesame.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sesame.limits.Limits;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target: every message a peer sends inside the ratchet (CHAT, RECEIPT, PEERS, PROFILE,
 * GOODBYE, REPLACED; docs/PROTOCOL.md §7). A decrypted record is still the peer's choice of
 * bytes: it is rejected with a {@link WireException} or parses, within every limit, to a
 * message whose encoding is the input.
 */
class PeerMessageFuzzTest {
    @FuzzTest
    void decode(byte[] input) {
        PeerMessage message;
        try {
            message = PeerMessage.decode(input);
        } catch (WireException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        switch (message) {
            case PeerMessage.Chat chat -> {
                assertThat(chat.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Limits.MAX_TEXT_BYTES);
                assertThat(chat.ttlMillis()).isBetween(0L, Limits.MAX_TTL.toMillis());
            }
            case PeerMessage.Peers peers -> {
                assertThat(peers.peers()).hasSizeLessThanOrEqualTo(Limits.MAX_ANNOUNCED_PEERS);
                peers.peers().forEach(p -> assertThat(p.endpoints()).hasSizeLessThanOrEqualTo(Limits.MAX_ENDPOINTS));
            }
            case PeerMessage.Profile profile ->
                    assertThat(profile.name().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Limits.MAX_NAME_BYTES);
            default -> { }
        }
        assertThat(message.encode()).isEqualTo(input);
    }
}
