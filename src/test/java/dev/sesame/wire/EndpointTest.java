package dev.sesame.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sesame.limits.Limits;
import dev.sesame.util.ByteWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointTest {
    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static List<Endpoint> samples() {
        return List.of(
                new Endpoint.Direct(new HostPort("127.0.0.1", 9000)),
                new Endpoint.Direct(new HostPort("2001:db8::1", 65535)),
                new Endpoint.Direct(new HostPort("relay.example.org", 1)),
                new Endpoint.Relayed(new HostPort("relay.example.org", 9700), filled(32, 1), filled(32, 2), filled(16, 3)),
                new Endpoint.Onion("a".repeat(52) + "2345", 9000));
    }

    @Test
    void everyKindRoundTrips() throws WireException {
        for (Endpoint e : samples()) assertThat(Endpoint.fromBytes(Endpoint.toBytes(e))).isEqualTo(e);
    }

    @Test
    void everyTruncationAndAnyTrailingByteIsRejected() {
        for (Endpoint e : samples()) {
            byte[] encoded = Endpoint.toBytes(e);
            for (int length = 0; length < encoded.length; length++) {
                byte[] shorter = Arrays.copyOf(encoded, length);
                assertThat(catchThrowableOfType(WireException.class, () -> Endpoint.fromBytes(shorter))).as("%s cut at %d", e, length)
                        .isNotNull();
            }
            byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
            assertThat(catchThrowableOfType(WireException.class, () -> Endpoint.fromBytes(longer))).isNotNull();
        }
    }

    @Test
    void anUnknownTypeIsRefused() {
        assertThat(catchThrowableOfType(WireException.class, () -> Endpoint.fromBytes(new byte[] {9, 0, 0})).reason())
                .isEqualTo(WireException.Reason.UNKNOWN_TYPE);
    }

    @Test
    void badFieldsAreRefusedAsMalformed() {
        byte[] badHost = new ByteWriter().u8(Endpoint.TYPE_DIRECT).utf8Var8("a b").u16(9000).toByteArray();
        byte[] portZero = new ByteWriter().u8(Endpoint.TYPE_DIRECT).utf8Var8("127.0.0.1").u16(0).toByteArray();
        byte[] upperOnion = new ByteWriter().u8(Endpoint.TYPE_ONION).bytes("A".repeat(56).getBytes()).u16(1).toByteArray();
        byte[] longHost = new ByteWriter().u8(Endpoint.TYPE_DIRECT).utf8Var8("a".repeat(Limits.MAX_HOST_BYTES + 1)).u16(1).toByteArray();
        for (byte[] bad : List.of(badHost, portZero, upperOnion)) {
            assertThat(catchThrowableOfType(WireException.class, () -> Endpoint.fromBytes(bad)).reason())
                    .isEqualTo(WireException.Reason.MALFORMED);
        }
        assertThat(catchThrowableOfType(WireException.class, () -> Endpoint.fromBytes(longHost)).reason())
                .isEqualTo(WireException.Reason.TOO_LONG);
    }

    @Test
    void constructorsCheckTheirFields() {
        assertThatThrownBy(() -> new Endpoint.Relayed(new HostPort("r", 1), new byte[31], new byte[32], new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Endpoint.Onion("abc", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Endpoint.Onion("a".repeat(56), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRelayedEndpointNeverPrintsItsRoomHash() {
        Endpoint.Relayed r = (Endpoint.Relayed) samples().get(3);
        assertThat(r.toString()).doesNotContain("0202").contains("relay.example.org:9700");
    }

    @Test
    void theLargestPeersMessageFitsARecord() {
        Endpoint.Relayed big = new Endpoint.Relayed(new HostPort("a".repeat(Limits.MAX_HOST_BYTES), 65535), filled(32, 1),
                filled(32, 2), filled(16, 3));
        List<PeerMessage.PeerAddress> peers = new java.util.ArrayList<>();
        for (int i = 0; i < Limits.MAX_ANNOUNCED_PEERS; i++) {
            peers.add(new PeerMessage.PeerAddress(filled(32, i), List.of(big, big, big, big)));
        }
        assertThat(new PeerMessage.Peers(peers).encode().length).isLessThan(Limits.MAX_RECORD_BYTES - 1024);
    }
}
