package dev.sesame.ratchet;

import dev.sesame.crypto.X25519KeyPair;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An X25519 ratchet public key as it travels in a header: 32 bytes, the little-endian
 * u-coordinate in canonical form (below 2^255 - 19, top bit clear).
 *
 * <p>Why canonical only: X25519 ignores the top bit and reduces modulo p, so several byte
 * strings name the same point. Accepting just one makes "is this the same key" a plain byte
 * comparison, which the replay and reflection checks rely on. Public data: {@link #toString()}
 * may show a prefix. Immutable.
 */
final class RatchetPublicKey {
    static final int BYTES = X25519KeyPair.KEY_BYTES;

    private final byte[] bytes;

    private RatchetPublicKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parses a key from the wire; {@code bytes} is copied. */
    static RatchetPublicKey of(byte[] bytes) throws RatchetException {
        if (bytes.length != BYTES) {
            throw new RatchetException(RatchetException.Reason.MALFORMED, "ratchet key is " + bytes.length + " bytes");
        }
        if (!X25519KeyPair.isCanonicalPublicKey(bytes)) {
            throw new RatchetException(RatchetException.Reason.MALFORMED, "ratchet key is not canonical");
        }
        return new RatchetPublicKey(bytes.clone());
    }

    /** Our own key, from a key pair the JDK made; it is canonical by construction. */
    static RatchetPublicKey ofOwn(X25519KeyPair pair) {
        try {
            return of(pair.publicKey());
        } catch (RatchetException e) {
            throw new IllegalArgumentException("key pair has a non-canonical public key", e);
        }
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RatchetPublicKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "RatchetPublicKey[" + HexFormat.of().formatHex(bytes, 0, 4) + "...]";
    }
}
