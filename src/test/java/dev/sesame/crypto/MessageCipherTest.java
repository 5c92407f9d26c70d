package dev.sesame.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class MessageCipherTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void roundTripsWithTheSameKeyAndAssociatedData() throws CryptoException {
        try (Secret key = Secret.random(32, random)) {
            byte[] sealed = MessageCipher.seal(key, "hello".getBytes(StandardCharsets.UTF_8), new byte[] {9});
            assertThat(new String(MessageCipher.open(key, sealed, new byte[] {9}), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    @Test
    void everyFlippedBitOfCiphertextOrAssociatedDataIsRejected() {
        try (Secret key = Secret.random(32, random)) {
            byte[] aad = {1, 2, 3};
            byte[] sealed = MessageCipher.seal(key, new byte[20], aad);
            for (int i = 0; i < sealed.length * 8; i++) {
                byte[] flipped = sealed.clone();
                flipped[i / 8] ^= (byte) (1 << (i % 8));
                assertThatThrownBy(() -> MessageCipher.open(key, flipped, aad)).isInstanceOf(CryptoException.class);
            }
            for (int i = 0; i < aad.length * 8; i++) {
                byte[] flippedAad = aad.clone();
                flippedAad[i / 8] ^= (byte) (1 << (i % 8));
                assertThatThrownBy(() -> MessageCipher.open(key, sealed, flippedAad)).isInstanceOf(CryptoException.class);
            }
        }
    }

    @Test
    void anotherKeyIsRejectedAndShortInputToo() {
        try (Secret key = Secret.random(32, random); Secret other = Secret.random(32, random)) {
            byte[] sealed = MessageCipher.seal(key, new byte[5], new byte[0]);
            assertThatThrownBy(() -> MessageCipher.open(other, sealed, new byte[0])).isInstanceOf(CryptoException.class);
            assertThatThrownBy(() -> MessageCipher.open(key, new byte[3], new byte[0])).isInstanceOf(CryptoException.class);
        }
    }
}
