package dev.sesame.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class X25519KeyPairTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void bothSidesAgree() throws CryptoException {
        try (X25519KeyPair a = X25519KeyPair.generate(random); X25519KeyPair b = X25519KeyPair.generate(random);
             Secret ab = a.agree(b.publicKey()); Secret ba = b.agree(a.publicKey())) {
            assertThat(ab.contentEquals(ba)).isTrue();
        }
    }

    @Test
    void smallOrderAndMalformedKeysAreRejected() {
        try (X25519KeyPair a = X25519KeyPair.generate(random)) {
            assertThatThrownBy(() -> a.agree(new byte[32])).isInstanceOf(CryptoException.class); // u = 0
            byte[] one = new byte[32];
            one[0] = 1; // u = 1, order 4
            assertThatThrownBy(() -> a.agree(one)).isInstanceOf(CryptoException.class);
            assertThatThrownBy(() -> a.agree(new byte[31])).isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void encodingRoundTripsAndIgnoresTheTopBit() {
        byte[] u = HexFormat.of().parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
        assertThat(X25519KeyPair.encodeU(X25519KeyPair.decodeU(u))).isEqualTo(u);
        byte[] high = u.clone();
        high[31] |= (byte) 0x80;
        assertThat(X25519KeyPair.decodeU(high)).isEqualTo(X25519KeyPair.decodeU(u));
    }
}
