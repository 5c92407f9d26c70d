package dev.sesame.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An X25519 (RFC 7748) key pair whose private scalar lives in {@link Secret} memory.
 *
 * <p>Public keys travel as the 32-byte little-endian u-coordinate. {@link #agree} rejects a
 * peer key of small order (an all-zero shared secret), as RFC 7748 §6.1 recommends.
 *
 * <p>The arithmetic is BouncyCastle's constant-time {@code rfc7748.X25519}: measured with
 * {@code scripts/bench X25519Benchmark} it is several times faster than the JDK's XDH provider
 * (docs/ARCHITECTURE.md, "Performance decisions"), and the Double Ratchet pays one generation
 * and two agreements per DH step. It works on our byte arrays directly, so no
 * {@code PrivateKey} object is made; its own temporaries are left to the GC
 * ({@code docs/SECURITY.md}). Thread-safe.
 */
public final class X25519KeyPair implements AutoCloseable {
    public static final int KEY_BYTES = 32;

    private final Secret privateScalar;
    private final byte[] publicKey;

    private X25519KeyPair(Secret privateScalar, byte[] publicKey) {
        this.privateScalar = privateScalar;
        this.publicKey = publicKey;
    }

    public static X25519KeyPair generate(SecureRandom random) {
        byte[] scalar = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, scalar);
        byte[] publicKey = new byte[KEY_BYTES];
        X25519.generatePublicKey(scalar, 0, publicKey, 0);
        return new X25519KeyPair(Secret.copyAndWipe(scalar), publicKey);
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Shared secret with {@code peerPublicKey}; fails for malformed or small-order keys. */
    public Secret agree(byte[] peerPublicKey) throws CryptoException {
        if (peerPublicKey.length != KEY_BYTES) throw new CryptoException("X25519 public key has wrong length");
        byte[] shared = privateScalar.withBytes(scalar -> agreeRawOrNull(scalar, peerPublicKey));
        if (shared == null) throw new CryptoException("X25519 public key is invalid or of small order");
        return Secret.copyAndWipe(shared);
    }

    /** An independent copy of this key pair. */
    public X25519KeyPair copy() {
        return new X25519KeyPair(privateScalar.copy(), publicKey.clone());
    }

    /** SHA-256 of the private scalar, for state comparisons in tests. */
    public byte[] digest() {
        return privateScalar.digest();
    }

    @Override
    public void close() {
        privateScalar.close();
    }

    @Override
    public String toString() {
        return "X25519KeyPair[public=" + java.util.HexFormat.of().formatHex(publicKey, 0, 4) + "...]";
    }

    /** Raw RFC 7748 function (also for known-answer tests); null when the result is all zero. */
    static byte[] agreeRawOrNull(byte[] scalar, byte[] peerU) {
        byte[] shared = new byte[KEY_BYTES];
        if (X25519.calculateAgreement(scalar, 0, peerU, 0, shared, 0)) return shared;
        Arrays.fill(shared, (byte) 0);
        return null;
    }

    /**
     * Whether {@code u} is the canonical encoding of a public key: 32 bytes, little-endian,
     * below p = 2^255 - 19 (which also clears the top bit). X25519 itself accepts other encodings
     * of the same point; the protocol accepts only this one, so that keys compare by their bytes.
     */
    public static boolean isCanonicalPublicKey(byte[] u) {
        if (u.length != KEY_BYTES) return false;
        if ((u[KEY_BYTES - 1] & 0xff) > 0x7f) return false;
        if ((u[KEY_BYTES - 1] & 0xff) < 0x7f) return true;
        for (int i = KEY_BYTES - 2; i >= 1; i--) {
            if ((u[i] & 0xff) != 0xff) return true;
        }
        return (u[0] & 0xff) < 0xed;
    }
}
