package dev.sesame.ratchet;

import dev.sesame.crypto.CryptoException;
import dev.sesame.crypto.MessageCipher;
import dev.sesame.crypto.Secret;

/**
 * The one-time key of one message. {@link MessageCipher} derives the ChaCha20-Poly1305 key and
 * nonce from it, so no nonce is ever chosen by a caller; that is safe only because each message
 * key seals exactly one message and is deleted after it is used.
 *
 * <p>Security guarantees: the bytes live in {@link Secret} memory and are zeroed by
 * {@link #close()}; {@link #toString()} shows the message number only. Not thread-safe.
 */
final class MessageKeys implements AutoCloseable {
    private final Secret key;
    private final long messageNumber;

    /** Takes ownership of {@code key}. */
    MessageKeys(Secret key, long messageNumber) {
        this.key = key;
        this.messageNumber = messageNumber;
    }

    long messageNumber() {
        return messageNumber;
    }

    byte[] seal(byte[] plaintext, byte[] associatedData) {
        return MessageCipher.seal(key, plaintext, associatedData);
    }

    /** @throws CryptoException when the tag does not verify over the ciphertext and {@code associatedData} */
    byte[] open(byte[] ciphertext, byte[] associatedData) throws CryptoException {
        return MessageCipher.open(key, ciphertext, associatedData);
    }

    MessageKeys copy() {
        return new MessageKeys(key.copy(), messageNumber);
    }

    byte[] digest() {
        return key.digest();
    }

    boolean isClosed() {
        return key.isClosed();
    }

    @Override
    public void close() {
        key.close();
    }

    @Override
    public String toString() {
        return "MessageKeys[n=" + messageNumber + (key.isClosed() ? ", closed" : "") + "]";
    }
}
