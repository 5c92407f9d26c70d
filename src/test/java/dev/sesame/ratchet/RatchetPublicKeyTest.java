package dev.sesame.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sesame.crypto.X25519KeyPair;
import dev.sesame.ratchet.RatchetException.Reason;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RatchetPublicKeyTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void acceptsEveryKeyTheJdkMakes() {
        SecureRandom random = RatchetPair.seededRandom(4);
        for (int i = 0; i < 50; i++) {
            try (X25519KeyPair pair = X25519KeyPair.generate(random)) {
                assertThat(RatchetPublicKey.ofOwn(pair).bytes()).isEqualTo(pair.publicKey());
            }
        }
    }

    @Test
    void acceptsTheLargestCanonicalValueAndRejectsEveryEncodingOfPOrMore() throws RatchetException {
        // p - 1 = 2^255 - 20, little-endian: ec ff .. ff 7f
        assertThat(RatchetPublicKey.of(HEX.parseHex("ec" + "ff".repeat(30) + "7f")).bytes()).hasSize(32);
        for (String nonCanonical : new String[] {
                "ed" + "ff".repeat(30) + "7f", // p
                "ff".repeat(31) + "7f", // 2^255 - 1
                "00".repeat(31) + "80", // top bit set
                "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1ccc"}) {
            assertThatThrownBy(() -> RatchetPublicKey.of(HEX.parseHex(nonCanonical)))
                    .isInstanceOfSatisfying(RatchetException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        }
    }

    @Test
    void rejectsWrongLengths() {
        for (int length : new int[] {0, 31, 33}) {
            assertThatThrownBy(() -> RatchetPublicKey.of(new byte[length])).isInstanceOf(RatchetException.class);
        }
    }

    @Test
    void equalityIsByBytesAndTheInputIsCopied() throws RatchetException {
        byte[] bytes = HEX.parseHex("09" + "00".repeat(31));
        RatchetPublicKey key = RatchetPublicKey.of(bytes);
        bytes[0] = 10;
        assertThat(key).isEqualTo(RatchetPublicKey.of(HEX.parseHex("09" + "00".repeat(31))))
                .hasSameHashCodeAs(RatchetPublicKey.of(HEX.parseHex("09" + "00".repeat(31))))
                .isNotEqualTo(RatchetPublicKey.of(bytes));
        assertThat(key).hasToString("RatchetPublicKey[09000000...]");
    }
}
