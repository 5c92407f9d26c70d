package dev.sesame.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sesame.limits.Limits;
import dev.sesame.relay.RelayMessage.MemberId;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayCodecTest {
    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static MemberId member(int value) {
        return new MemberId(filled(16, value));
    }

    static List<RelayMessage> everyType() {
        List<MemberId> full = new ArrayList<>();
        for (int i = 0; i < Limits.RELAY_MAX_MEMBERS_PER_ROOM - 1; i++) full.add(member(i));
        return List.of(
                new RelayMessage.Register(RelayMessage.VERSION, filled(32, 7), filled(16, 9)),
                new RelayMessage.Registered(),
                new RelayMessage.Presence(List.of()),
                new RelayMessage.Presence(full),
                new RelayMessage.PipeRequest(0xffffffffL, member(3)),
                new RelayMessage.PipeReady(42, filled(16, 5)),
                new RelayMessage.PipeOffer(member(4), filled(16, 6)),
                new RelayMessage.Splice(RelayMessage.VERSION, filled(16, 8)),
                new RelayMessage.Spliced(),
                new RelayMessage.Refused(7, RelayRefusal.RATE_LIMITED),
                new RelayMessage.KeepAlive());
    }

    @Test
    void everyRecordRoundTripsThroughBytesAndStreams() throws Exception {
        for (RelayMessage m : everyType()) {
            byte[] bytes = RelayCodec.encode(m);
            assertThat(RelayCodec.encode(RelayCodec.decode(bytes))).as("%s", m).isEqualTo(bytes);
            assertThat(RelayCodec.encode(RelayCodec.read(new ByteArrayInputStream(bytes), Limits.RELAY_MAX_RECORD_BYTES))).isEqualTo(bytes);
            assertThat(bytes.length).isLessThanOrEqualTo(RelayCodec.HEADER_BYTES + Limits.RELAY_MAX_RECORD_BYTES);
        }
    }

    @Test
    void readsRecordsFedOneByteAtATime() throws Exception {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (RelayMessage m : everyType()) all.writeBytes(RelayCodec.encode(m));
        InputStream slow = new FilterInputStream(new ByteArrayInputStream(all.toByteArray())) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(1, len));
            }
        };
        for (RelayMessage m : everyType()) {
            assertThat(RelayCodec.encode(RelayCodec.read(slow, Limits.RELAY_MAX_RECORD_BYTES))).isEqualTo(RelayCodec.encode(m));
        }
        assertThatThrownBy(() -> RelayCodec.read(slow, Limits.RELAY_MAX_RECORD_BYTES)).isInstanceOf(EOFException.class);
    }

    /** Every single-bit flip either still decodes to a valid record or is refused with a typed reason; never anything else. */
    @Test
    void everyBitFlipIsRefusedOrDecodesToAValidRecord() {
        for (RelayMessage m : everyType()) {
            byte[] bytes = RelayCodec.encode(m);
            for (int bit = 0; bit < bytes.length * 8; bit++) {
                byte[] flipped = bytes.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                try {
                    RelayMessage decoded = RelayCodec.decode(flipped);
                    assertThat(RelayCodec.encode(decoded)).isEqualTo(flipped);
                } catch (RelayProtocolException e) {
                    assertThat(e.reason()).isNotNull();
                }
            }
        }
    }

    @Test
    void refusesALengthBeyondTheLimitBeforeReadingTheBody() {
        byte[] header = {(byte) 3, (byte) 0xff, (byte) 0xff};
        InputStream endless = new InputStream() {
            int served;

            @Override
            public int read() {
                return served < header.length ? header[served++] & 0xff : fail();
            }

            private int fail() {
                throw new AssertionError("the body of an oversized record must not be read");
            }
        };
        assertThatThrownBy(() -> RelayCodec.read(endless, Limits.RELAY_MAX_RECORD_BYTES))
                .isInstanceOfSatisfying(RelayProtocolException.class, e -> assertThat(e.reason()).isEqualTo(RelayProtocolException.Reason.TOO_LONG));
    }

    @Test
    void refusesAnUnknownType() {
        assertThatThrownBy(() -> RelayCodec.decode(new byte[] {(byte) 99, 0, 0}))
                .isInstanceOfSatisfying(RelayProtocolException.class, e -> assertThat(e.reason()).isEqualTo(RelayProtocolException.Reason.UNKNOWN_TYPE));
    }

    @Test
    void refusesAnotherProtocolVersion() {
        byte[] bytes = RelayCodec.encode(new RelayMessage.Register(RelayMessage.VERSION, filled(32, 1), filled(16, 2)));
        bytes[3] = 2;
        assertThatThrownBy(() -> RelayCodec.decode(bytes))
                .isInstanceOfSatisfying(RelayProtocolException.class, e -> assertThat(e.reason()).isEqualTo(RelayProtocolException.Reason.BAD_VERSION));
    }

    @Test
    void refusesTruncatedAndTrailingBytes() {
        for (RelayMessage m : everyType()) {
            byte[] bytes = RelayCodec.encode(m);
            for (int cut = 0; cut < bytes.length; cut++) {
                byte[] prefix = Arrays.copyOf(bytes, cut);
                assertThatThrownBy(() -> RelayCodec.decode(prefix)).isInstanceOf(RelayProtocolException.class);
                if (cut > 0) {
                    assertThatThrownBy(() -> RelayCodec.read(new ByteArrayInputStream(prefix), Limits.RELAY_MAX_RECORD_BYTES))
                            .isInstanceOf(RelayProtocolException.class);
                }
            }
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertThatThrownBy(() -> RelayCodec.decode(longer)).isInstanceOf(RelayProtocolException.class);
        }
    }

    @Test
    void refusesAPresenceListingMoreMembersThanARoomHolds() {
        int count = Limits.RELAY_MAX_MEMBERS_PER_ROOM;
        byte[] body = new byte[1 + count * 16];
        body[0] = (byte) count;
        byte[] record = new byte[3 + body.length];
        record[0] = 3;
        record[1] = (byte) (body.length >> 8);
        record[2] = (byte) body.length;
        System.arraycopy(body, 0, record, 3, body.length);
        assertThatThrownBy(() -> RelayCodec.decode(record))
                .isInstanceOfSatisfying(RelayProtocolException.class, e -> assertThat(e.reason()).isEqualTo(RelayProtocolException.Reason.MALFORMED));
    }

    @Test
    void refusesAnUnknownRefusalReason() {
        byte[] bytes = RelayCodec.encode(new RelayMessage.Refused(1, RelayRefusal.MALFORMED));
        bytes[bytes.length - 1] = (byte) 200;
        assertThatThrownBy(() -> RelayCodec.decode(bytes)).isInstanceOf(RelayProtocolException.class);
    }

    @Test
    void aSmallerCallerLimitIsAppliedToo() {
        byte[] bytes = RelayCodec.encode(new RelayMessage.Register(RelayMessage.VERSION, filled(32, 1), filled(16, 2)));
        assertThatThrownBy(() -> RelayCodec.read(new ByteArrayInputStream(bytes), 17))
                .isInstanceOfSatisfying(RelayProtocolException.class, e -> assertThat(e.reason()).isEqualTo(RelayProtocolException.Reason.TOO_LONG));
    }
}
