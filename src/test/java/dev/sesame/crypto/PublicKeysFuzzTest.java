package dev.sesame.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.SecureRandom;

/**
 * Fuzz target: the public keys in HELLO, as an unauthenticated peer chooses them
 * (docs/PROTOCOL.md §5): the X25519 key (canonical or refused) and the ML-KEM-768 encapsulation
 * key (encapsulated to, or refused with a {@link CryptoException}).
 */
class PublicKeysFuzzTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final X25519KeyPair OWN = X25519KeyPair.generate(RANDOM);

    @FuzzTest
    void parse(FuzzedDataProvider data) {
        byte[] x25519 = data.consumeBytes(X25519KeyPair.KEY_BYTES + data.consumeInt(-1, 1));
        boolean canonical = X25519KeyPair.isCanonicalPublicKey(x25519);
        if (canonical) assertThat(x25519).hasSize(X25519KeyPair.KEY_BYTES);
        try (Secret shared = OWN.agree(x25519)) {
            assertThat(shared.length()).isEqualTo(32);
        } catch (CryptoException e) {
            assertThat(e).hasMessageContaining("X25519");
        }
        byte[] kem = data.consumeRemainingAsBytes();
        try {
            MlKem768.Encapsulation sent = MlKem768.encapsulate(kem, RANDOM);
            assertThat(kem).hasSize(MlKem768.PUBLIC_KEY_BYTES);
            sent.sharedSecret().close();
        } catch (CryptoException e) {
            assertThat(e).hasMessageContaining("ML-KEM");
        }
    }
}
