package dev.sesame.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * An X25519 (RFC 7748) key pair whose private scalar lives in {@link Secret} memory.
 *
 * <p>Public keys travel as the 32-byte little-endian u-coordinate. {@link #agree} rejects a
 * peer key of small order (an all-zero shared secret), as RFC 7748 §6.1 recommends.
 * The JDK builds a short-lived {@code PrivateKey} object on the heap for every agreement; that
 * copy is outside our control ({@code docs/SECURITY.md}). Thread-safe.
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
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            generator.initialize(NamedParameterSpec.X25519, random);
            KeyPair pair = generator.generateKeyPair();
            byte[] scalar = ((XECPrivateKey) pair.getPrivate()).getScalar()
                    .orElseThrow(() -> new AssertionError("X25519 private key without a scalar"));
            return new X25519KeyPair(Secret.copyAndWipe(scalar), encodeU(((XECPublicKey) pair.getPublic()).getU()));
        } catch (GeneralSecurityException e) {
            throw new AssertionError("X25519 is part of the JDK", e);
        }
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

    /** Raw RFC 7748 function for known-answer tests; null when the result is all zero. */
    static byte[] agreeRawOrNull(byte[] scalar, byte[] peerU) {
        byte[] copy = scalar.clone(); // the spec keeps a reference; zeroed below, after the JDK copied it
        try {
            KeyFactory factory = KeyFactory.getInstance("X25519");
            PrivateKey priv = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, copy));
            PublicKey pub = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(peerU)));
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(priv);
            agreement.doPhase(pub, true);
            byte[] shared = agreement.generateSecret();
            boolean allZero = true;
            for (byte b : shared) allZero &= b == 0;
            return allZero ? null : shared;
        } catch (InvalidKeyException e) {
            return null; // the JDK refuses small-order points itself
        } catch (GeneralSecurityException e) {
            throw new AssertionError("X25519 is part of the JDK", e);
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    /** RFC 7748 §5: little-endian, with the most significant bit of the last byte ignored. */
    static BigInteger decodeU(byte[] u) {
        byte[] bigEndian = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) bigEndian[i] = u[KEY_BYTES - 1 - i];
        bigEndian[0] &= 0x7f;
        return new BigInteger(1, bigEndian);
    }

    static byte[] encodeU(BigInteger u) {
        byte[] bigEndian = u.toByteArray();
        byte[] out = new byte[KEY_BYTES];
        int n = Math.min(bigEndian.length, KEY_BYTES);
        for (int i = 0; i < n; i++) out[i] = bigEndian[bigEndian.length - 1 - i];
        Arrays.fill(bigEndian, (byte) 0);
        return out;
    }
}
