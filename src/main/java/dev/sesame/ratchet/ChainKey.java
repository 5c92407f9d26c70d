package dev.sesame.ratchet;

import dev.sesame.crypto.Hmac;
import dev.sesame.crypto.Secret;

/**
 * A sending or receiving chain key, with the number of the next message it will key.
 *
 * <p>As in Signal's specification, {@code MK = HMAC-SHA256(CK, 0x01)} and
 * {@code CK' = HMAC-SHA256(CK, 0x02)}: distinct constants, so a message key never equals a chain
 * key. {@link #messageKeys()} and {@link #next()} return new values and leave this one open; the
 * owner closes a chain key once it has moved past it, which is what makes old messages
 * undecryptable after a compromise (forward secrecy).
 *
 * <p>Security guarantees: the bytes live in {@link Secret} memory and are zeroed by
 * {@link #close()}; {@link #toString()} shows the index only. Not thread-safe.
 */
final class ChainKey implements AutoCloseable {
    static final int BYTES = 32;
    /** The index after the last u32 message number: a chain never goes further. */
    static final long MAX_INDEX = RatchetHeader.MAX_COUNTER + 1;
    private static final byte[] MESSAGE_KEY_CONSTANT = {0x01};
    private static final byte[] CHAIN_KEY_CONSTANT = {0x02};

    private final Secret key;
    private final long index;

    /** Takes ownership of {@code key}. */
    ChainKey(Secret key, long index) {
        if (key.length() != BYTES) throw new IllegalArgumentException("chain key must be " + BYTES + " bytes, not " + key.length());
        if (index < 0 || index > MAX_INDEX) throw new IllegalArgumentException("chain index out of range: " + index);
        this.key = key;
        this.index = index;
    }

    /** Number of the message this chain key will key next (= messages already keyed by the chain). */
    long index() {
        return index;
    }

    /** The one-time key of message number {@link #index()}, owned by the caller. */
    MessageKeys messageKeys() {
        return new MessageKeys(Hmac.deriveSecret(key, MESSAGE_KEY_CONSTANT), index);
    }

    /** The chain key of the next message, owned by the caller. */
    ChainKey next() {
        // Don't allow the message counter to wrap.
        if (index >= MAX_INDEX) throw new IllegalStateException("chain is exhausted at index " + index);
        return new ChainKey(Hmac.deriveSecret(key, CHAIN_KEY_CONSTANT), index + 1);
    }

    ChainKey copy() {
        return new ChainKey(key.copy(), index);
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
        return "ChainKey[index=" + index + (key.isClosed() ? ", closed" : "") + "]";
    }
}
