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
    void theTopBitOfAPeerKeyIsIgnored() { // RFC 7748 §5
        byte[] scalar = HexFormat.of().parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
        byte[] u = HexFormat.of().parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
        byte[] high = u.clone();
        high[31] |= (byte) 0x80;
        assertThat(X25519KeyPair.agreeRawOrNull(scalar, high)).isEqualTo(X25519KeyPair.agreeRawOrNull(scalar, u))
                .isEqualTo(HexFormat.of().parseHex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"));
    }

    @Test
    void theSameScalarGivesTheSamePublicKeyAsTheJdk() throws Exception {
        // BouncyCastle's arithmetic must agree with the JDK's XDH on generated keys, not just on the RFC vector.
        for (int i = 0; i < 20; i++) {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("X25519");
            java.security.KeyPair jdk = generator.generateKeyPair();
            byte[] scalar = ((java.security.interfaces.XECPrivateKey) jdk.getPrivate()).getScalar().orElseThrow();
            java.math.BigInteger jdkU = ((java.security.interfaces.XECPublicKey) jdk.getPublic()).getU();
            byte[] base = new byte[32];
            base[0] = 9;
            byte[] ours = X25519KeyPair.agreeRawOrNull(scalar, base);
            byte[] bigEndian = new byte[32];
            for (int j = 0; j < 32; j++) bigEndian[j] = ours[31 - j];
            assertThat(new java.math.BigInteger(1, bigEndian)).isEqualTo(jdkU);
        }
    }
}
