package dev.sesame.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.DecapsulateException;
import javax.crypto.KEM;
import javax.crypto.SecretKey;

/**
 * ML-KEM-768 (FIPS 203) from the JDK, for the post-quantum half of the link's hybrid key
 * agreement. The encapsulation key travels in its X.509 encoding (fixed length
 * {@link #PUBLIC_KEY_BYTES}); the ciphertext is {@link #CIPHERTEXT_BYTES} bytes.
 *
 * <p>The decapsulation key is a JDK object on the heap for the few milliseconds of a handshake;
 * it cannot be placed in locked memory ({@code docs/SECURITY.md}), and it is destroyed after
 * its one decapsulation.
 */
public final class MlKem768 {
    public static final int PUBLIC_KEY_BYTES = 1206; // 22-byte SubjectPublicKeyInfo prefix + 1184
    public static final int CIPHERTEXT_BYTES = 1088;

    private MlKem768() {}

    /** The result of encapsulating to a peer: a shared secret and the ciphertext to send. */
    public record Encapsulation(Secret sharedSecret, byte[] ciphertext) {}

    /** A decapsulation key pair, kept only for one handshake. */
    public static final class DecapsulationKey {
        private final KeyPair pair;

        private DecapsulationKey(KeyPair pair) {
            this.pair = pair;
        }

        public byte[] encodedPublicKey() {
            return pair.getPublic().getEncoded();
        }

        /**
         * Decapsulates once: afterwards the private key is destroyed (the JDK 25 key supports
         * {@code destroy()}, which clears its bytes), so a handshake does not leave it to the GC.
         */
        public Secret decapsulate(byte[] ciphertext) throws CryptoException {
            if (ciphertext.length != CIPHERTEXT_BYTES) throw new CryptoException("ML-KEM ciphertext has wrong length");
            try {
                SecretKey key = KEM.getInstance("ML-KEM").newDecapsulator(pair.getPrivate()).decapsulate(ciphertext);
                return Secret.copyAndWipe(key.getEncoded());
            } catch (DecapsulateException e) {
                throw new CryptoException("ML-KEM decapsulation failed", e);
            } catch (GeneralSecurityException e) {
                throw new AssertionError("ML-KEM-768 is part of JDK 25", e);
            } finally {
                try {
                    pair.getPrivate().destroy();
                } catch (javax.security.auth.DestroyFailedException e) {
                    // a provider whose keys cannot be destroyed: the GC reclaims it, as before
                }
            }
        }
    }

    public static DecapsulationKey generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("ML-KEM-768");
            generator.initialize(new java.security.spec.NamedParameterSpec("ML-KEM-768"), random);
            return new DecapsulationKey(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new AssertionError("ML-KEM-768 is part of JDK 25", e);
        }
    }

    public static Encapsulation encapsulate(byte[] encodedPublicKey, SecureRandom random) throws CryptoException {
        if (encodedPublicKey.length != PUBLIC_KEY_BYTES) throw new CryptoException("ML-KEM public key has wrong length");
        PublicKey key;
        try {
            key = KeyFactory.getInstance("ML-KEM-768").generatePublic(new X509EncodedKeySpec(encodedPublicKey));
        } catch (InvalidKeySpecException e) {
            throw new CryptoException("ML-KEM public key is malformed", e);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("ML-KEM-768 is part of JDK 25", e);
        }
        try {
            KEM.Encapsulated result = KEM.getInstance("ML-KEM").newEncapsulator(key, random).encapsulate();
            return new Encapsulation(Secret.copyAndWipe(result.key().getEncoded()), result.encapsulation());
        } catch (java.security.InvalidKeyException e) {
            throw new CryptoException("ML-KEM public key is invalid", e);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("ML-KEM-768 is part of JDK 25", e);
        }
    }
}
