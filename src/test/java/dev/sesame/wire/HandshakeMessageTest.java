package dev.sesame.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeMessageTest {
    static List<HandshakeMessage> samples() {
        return List.of(
                new HandshakeMessage.Hello(HandshakeMessage.Hello.VERSION, 1, 100, new byte[32],
                        List.of(new Endpoint.Direct(new HostPort("0.0.0.0", 9000))), new byte[1206], new byte[300]),
                new HandshakeMessage.KeyShare(new byte[200], new byte[1088]),
                new HandshakeMessage.Finish(new byte[40]),
                new HandshakeMessage.Confirm(new byte[32]));
    }

    @Test
    void everyFlightRoundTrips() throws WireException {
        for (HandshakeMessage message : samples()) {
            assertThat(HandshakeMessage.decode(message.encode()).encode()).isEqualTo(message.encode());
        }
    }

    @Test
    void everyTruncationAndAnyTrailingByteIsRejected() {
        for (HandshakeMessage message : samples()) {
            byte[] encoded = message.encode();
            for (int length = 0; length < encoded.length; length += 7) {
                byte[] shorter = java.util.Arrays.copyOf(encoded, length);
                assertThat(catchThrowableOfType(WireException.class, () -> HandshakeMessage.decode(shorter))).isNotNull();
            }
            byte[] longer = java.util.Arrays.copyOf(encoded, encoded.length + 1);
            assertThat(catchThrowableOfType(WireException.class, () -> HandshakeMessage.decode(longer)).reason())
                    .isEqualTo(WireException.Reason.MALFORMED);
        }
    }

    @Test
    void anUnexpectedFlightIsRejected() {
        byte[] confirm = samples().get(3).encode();
        assertThat(catchThrowableOfType(WireException.class,
                () -> HandshakeMessage.decode(confirm, HandshakeMessage.Hello.class)).reason())
                .isEqualTo(WireException.Reason.UNEXPECTED);
        assertThat(catchThrowableOfType(WireException.class, () -> HandshakeMessage.decode(new byte[] {42})).reason())
                .isEqualTo(WireException.Reason.UNKNOWN_TYPE);
    }

    @Test
    void oversizedKeyFieldsAreRejected() {
        byte[] hello = new dev.sesame.util.ByteWriter().u8(HandshakeMessage.TYPE_HELLO).u8(HandshakeMessage.Hello.VERSION).u8(1).u16(0)
                .bytes(new byte[32]).u8(0).u16(HandshakeMessage.MAX_KEM_BYTES + 1).toByteArray();
        assertThat(catchThrowableOfType(WireException.class, () -> HandshakeMessage.decode(hello)).reason())
                .isEqualTo(WireException.Reason.TOO_LONG);
    }

    @Test
    void aVersionOneHelloIsRefusedAsUnsupportedBeforeItsLayoutIsRead() {
        // Version 1's HELLO: type, version 1, role, listen port, tick, X25519 key, ML-KEM key, J-PAKE round 1.
        byte[] v1 = new dev.sesame.util.ByteWriter().u8(HandshakeMessage.TYPE_HELLO).u8(1).u8(1).u16(9000).u16(100)
                .bytes(new byte[32]).var16(new byte[1184]).var16(new byte[300]).toByteArray();
        assertThat(catchThrowableOfType(WireException.class, () -> HandshakeMessage.decode(v1)).reason())
                .isEqualTo(WireException.Reason.UNSUPPORTED_VERSION);
    }

    @Test
    void moreEndpointsThanTheLimitAreRefusedBeforeTheyAreRead() {
        byte[] hello = new dev.sesame.util.ByteWriter().u8(HandshakeMessage.TYPE_HELLO).u8(HandshakeMessage.Hello.VERSION).u8(1)
                .u16(0).bytes(new byte[32]).u8(dev.sesame.limits.Limits.MAX_ENDPOINTS + 1).toByteArray();
        assertThat(catchThrowableOfType(WireException.class, () -> HandshakeMessage.decode(hello)).reason())
                .isEqualTo(WireException.Reason.TOO_LONG);
    }
}
