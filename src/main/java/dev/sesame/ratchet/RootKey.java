package dev.sesame.ratchet;

import dev.sesame.crypto.Hkdf;
import dev.sesame.crypto.Secret;

/**
 * The root of the Double Ratchet: each Diffie-Hellman output is mixed into it to make the next
 * root key and a new chain key.
 *
 * <p>{@code RK', CK = HKDF-SHA256(salt = RK, ikm = DH output, info = "sesame/v1/ratchet-root")},
 * 64 bytes split in two halves. {@link #step} returns new values and leaves this one and the
 * DH output open: the caller decides when the old root is superseded and closes it.
 *
 * <p>Security guarantees: the bytes live in {@link Secret} memory and are zeroed by
 * {@link #close()}; {@link #toString()} never shows them. Not thread-safe; owned by one state.
 */
final class RootKey implements AutoCloseable {
    static final int BYTES = 32;
    private static final String LABEL = "sesame/v1/ratchet-root";

    private final Secret key;

    /** Takes ownership of {@code key}. */
    RootKey(Secret key) {
        if (key.length() != BYTES) throw new IllegalArgumentException("root key must be " + BYTES + " bytes, not " + key.length());
        this.key = key;
    }

    /** A new root key and a new chain key (at index 0), both owned by the caller. */
    Step step(Secret dhOutput) {
        try (Secret out = Hkdf.derive(key, dhOutput, LABEL, new byte[0], 2 * BYTES)) {
            Secret root = out.slice(0, BYTES);
            try {
                return new Step(new RootKey(root), new ChainKey(out.slice(BYTES, ChainKey.BYTES), 0));
            } catch (RuntimeException e) {
                root.close();
                throw e;
            }
        }
    }

    /** The result of one root step. */
    record Step(RootKey rootKey, ChainKey chainKey) {}

    RootKey copy() {
        return new RootKey(key.copy());
    }

    /** A one-way digest, for state comparison in tests. */
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
        return "RootKey[" + (key.isClosed() ? "closed" : "open") + "]";
    }
}
