package dev.sesame.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sesame.limits.Limits;
import dev.sesame.util.ByteWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerMessageTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] peerId() {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        return id;
    }

    static List<PeerMessage> samples() {
        return List.of(
                new PeerMessage.Chat(MessageId.random(RANDOM), false, 0, "hello ✓ 🙂"),
                new PeerMessage.Chat(MessageId.random(RANDOM), true, 30_000, ""),
                new PeerMessage.Receipt(MessageId.random(RANDOM)),
                new PeerMessage.Receipts(List.of(MessageId.random(RANDOM), MessageId.random(RANDOM))),
                new PeerMessage.Peers(List.of(PeerMessage.PeerAddress.direct(peerId(), "127.0.0.1", 9000),
                        PeerMessage.PeerAddress.direct(peerId(), "2001:db8::1", 65535))),
                new PeerMessage.Peers(List.of()),
                new PeerMessage.Profile("Ada"),
                new PeerMessage.Goodbye(),
                new PeerMessage.Replaced());
    }

    @Test
    void everyMessageTypeRoundTrips() throws WireException {
        for (PeerMessage message : samples()) {
            PeerMessage decoded = PeerMessage.decode(message.encode());
            assertThat(decoded.encode()).isEqualTo(message.encode());
            assertThat(decoded.getClass()).isEqualTo(message.getClass());
        }
    }

    @Test
    void trailingBytesAreRejected() {
        for (PeerMessage message : samples()) {
            byte[] encoded = message.encode();
            byte[] longer = java.util.Arrays.copyOf(encoded, encoded.length + 1);
            assertThat(catchThrowableOfType(WireException.class, () -> PeerMessage.decode(longer)).reason())
                    .isEqualTo(WireException.Reason.MALFORMED);
        }
    }

    @Test
    void everyTruncationIsRejected() {
        for (PeerMessage message : samples()) {
            byte[] encoded = message.encode();
            for (int length = 0; length < encoded.length; length++) {
                byte[] shorter = java.util.Arrays.copyOf(encoded, length);
                assertThat(catchThrowableOfType(WireException.class, () -> PeerMessage.decode(shorter))).isNotNull();
            }
        }
    }

    @Test
    void unknownTypeAndUnknownChatFlagsAreRejected() {
        assertThat(catchThrowableOfType(WireException.class, () -> PeerMessage.decode(new byte[] {99})).reason())
                .isEqualTo(WireException.Reason.UNKNOWN_TYPE);
        byte[] chat = new PeerMessage.Chat(MessageId.random(RANDOM), false, 0, "x").encode();
        chat[1 + MessageId.BYTES] = 2;
        assertThat(catchThrowableOfType(WireException.class, () -> PeerMessage.decode(chat)).reason())
                .isEqualTo(WireException.Reason.UNKNOWN_FLAG);
    }

    @Test
    void tooManyAnnouncedPeersAreRejectedBeforeTheyAreRead() {
        ByteWriter w = new ByteWriter().u8(PeerMessage.TYPE_PEERS).u8(Limits.MAX_ANNOUNCED_PEERS + 1);
        assertThat(catchThrowableOfType(WireException.class, () -> PeerMessage.decode(w.toByteArray())).reason())
                .isEqualTo(WireException.Reason.TOO_LONG);
    }

    @Test
    void receiptsCarryOneToTwentyFourIdsAndAFullOneFitsACell() {
        assertThatThrownBy(() -> new PeerMessage.Receipts(List.of())).isInstanceOf(IllegalArgumentException.class);
        for (int count : new int[] {0, Limits.MAX_RECEIPTS_PER_RECORD + 1}) {
            ByteWriter w = new ByteWriter().u8(PeerMessage.TYPE_RECEIPTS).u8(count);
            for (int i = 0; i < count; i++) w.bytes(new byte[MessageId.BYTES]);
            assertThatThrownBy(() -> PeerMessage.decode(w.toByteArray())).isInstanceOf(WireException.class)
                    .extracting(e -> ((WireException) e).reason()).isEqualTo(WireException.Reason.TOO_LONG);
        }
        List<MessageId> ids = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_RECEIPTS_PER_RECORD; i++) ids.add(MessageId.random(RANDOM));
        int recordBytes = new PeerMessage.Receipts(ids).encode().length + 40 + 16; // ratchet header and tag
        assertThat(recordBytes).isLessThanOrEqualTo(Limits.CELL_PAYLOAD_BYTES);
    }

    @Test
    void oversizedFieldsAreRejected() {
        byte[] name = new ByteWriter().u8(PeerMessage.TYPE_PROFILE).u8(Limits.MAX_NAME_BYTES + 1)
                .bytes(new byte[Limits.MAX_NAME_BYTES + 1]).toByteArray();
        assertThat(catchThrowableOfType(WireException.class, () -> PeerMessage.decode(name)).reason())
                .isEqualTo(WireException.Reason.TOO_LONG);
        byte[] text = new ByteWriter().u8(PeerMessage.TYPE_CHAT).bytes(new byte[16]).u8(0).u32(0)
                .u16(Limits.MAX_TEXT_BYTES + 1).bytes(new byte[Limits.MAX_TEXT_BYTES + 1]).toByteArray();
        assertThat(catchThrowableOfType(WireException.class, () -> PeerMessage.decode(text)).reason())
                .isEqualTo(WireException.Reason.TOO_LONG);
        byte[] ttl = new ByteWriter().u8(PeerMessage.TYPE_CHAT).bytes(new byte[16]).u8(0)
                .u32(Limits.MAX_TTL.toMillis() + 1).u16(0).toByteArray();
        assertThat(catchThrowableOfType(WireException.class, () -> PeerMessage.decode(ttl)).reason())
                .isEqualTo(WireException.Reason.MALFORMED);
    }

    @Test
    void invalidUtf8IsRejectedNotReplaced() {
        byte[] bad = new ByteWriter().u8(PeerMessage.TYPE_PROFILE).u8(2).bytes(new byte[] {(byte) 0xc3, 0x28}).toByteArray();
        assertThat(catchThrowableOfType(WireException.class, () -> PeerMessage.decode(bad)).reason())
                .isEqualTo(WireException.Reason.MALFORMED);
    }

    @Test
    void everyBitFlipEitherFailsOrDecodesToAValidMessage() {
        List<Throwable> unexpected = new ArrayList<>();
        for (PeerMessage message : samples()) {
            byte[] encoded = message.encode();
            for (int bit = 0; bit < encoded.length * 8; bit++) {
                byte[] flipped = encoded.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                try {
                    PeerMessage.decode(flipped);
                } catch (WireException expected) {
                    // rejected with a reason: fine
                } catch (RuntimeException e) {
                    unexpected.add(e);
                }
            }
        }
        assertThat(unexpected).isEmpty();
    }
}
