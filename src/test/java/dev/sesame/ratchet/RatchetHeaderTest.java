package dev.sesame.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sesame.ratchet.RatchetException.Reason;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RatchetHeaderTest {
    private static final byte[] KEY = HexFormat.of().parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");

    @Test
    void encodesToFortyBytesInTheDocumentedLayout() throws RatchetException {
        byte[] encoded = new RatchetHeader(RatchetPublicKey.of(KEY), 0x01020304L, 0xfffffffeL).encode();
        assertThat(encoded).hasSize(RatchetHeader.BYTES).hasSize(40);
        assertThat(Arrays.copyOf(encoded, 32)).isEqualTo(KEY);
        assertThat(Arrays.copyOfRange(encoded, 32, 40)).isEqualTo(HexFormat.of().parseHex("01020304fffffffe"));
    }

    @Test
    void decodeIsTheInverseOfEncodeAndIgnoresTheBodyAfterTheHeader() throws RatchetException {
        RatchetHeader header = new RatchetHeader(RatchetPublicKey.of(KEY), RatchetHeader.MAX_COUNTER, 0);
        byte[] record = Arrays.copyOf(header.encode(), 100);
        assertThat(RatchetHeader.decode(record)).isEqualTo(header);
        assertThat(RatchetHeader.decode(record).encode()).isEqualTo(Arrays.copyOf(record, 40));
    }

    @Test
    void aShortRecordIsMalformed() {
        for (int length = 0; length < RatchetHeader.BYTES; length++) {
            byte[] truncated = Arrays.copyOf(KEY, length);
            assertThatThrownBy(() -> RatchetHeader.decode(truncated))
                    .isInstanceOfSatisfying(RatchetException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        }
    }

    @Test
    void countersOutsideU32AreProgrammerErrors() throws RatchetException {
        RatchetPublicKey key = RatchetPublicKey.of(KEY);
        assertThatThrownBy(() -> new RatchetHeader(key, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RatchetHeader(key, 0, RatchetHeader.MAX_COUNTER + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RatchetHeader(null, 0, 0)).isInstanceOf(NullPointerException.class);
    }
}
