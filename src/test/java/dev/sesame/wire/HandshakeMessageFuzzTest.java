package dev.sesame.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: the four handshake flights as they arrive from an unauthenticated peer
 * (docs/PROTOCOL.md §5). Anything is rejected with a {@link WireException} or parses to a message
 * whose encoding is exactly the input (one encoding per message, nothing ignored).
 */
class HandshakeMessageFuzzTest {
    @FuzzTest
    void decode(byte[] input) {
        HandshakeMessage message;
        try {
            message = HandshakeMessage.decode(input);
        } catch (WireException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(message.encode()).isEqualTo(input);
    }
}
