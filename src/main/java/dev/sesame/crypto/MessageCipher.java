package dev.sesame.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ChaCha20-Poly1305 (RFC 8439) under a one-time message key, as the Double Ratchet uses it.
 *
 * <p>The cipher key and the 96-bit nonce are both derived from the message key with HKDF, so
 * no caller ever chooses a nonce. This is safe only because each message key encrypts exactly
 * one message: the ratchet derives a fresh key per message and deletes it after use.
 *
 * <p>Security guarantees: {@link #open} returns plaintext only when the tag verifies over the
 * ciphertext and the associated data; any change to either fails. Thread-safe.
 */
public final class MessageCipher {
    public static final int TAG_BYTES = 16;
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final String LABEL = "sesame/v1/message-key";
    /**
     * One cipher per thread, initialised afresh for every message. {@code Cipher.getInstance}
     * looked the provider up and built the object by reflection for every record (docs/
     * ARCHITECTURE.md "Performance decisions"). After each use it is set to an all-zero key
     * ({@link #blank}): the JDK's cipher keeps a copy of its last key, which a fresh cipher per
     * record left in garbage, and in encryption it refuses the key and nonce it last had, which a
     * kept cipher would otherwise compare across messages.
     */
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new AssertionError("ChaCha20-Poly1305 is part of the JDK", e);
        }
    });

    private MessageCipher() {}

    public static byte[] seal(Secret messageKey, byte[] plaintext, byte[] associatedData) {
        try {
            return run(Cipher.ENCRYPT_MODE, messageKey, plaintext, associatedData);
        } catch (AEADBadTagException e) {
            throw new AssertionError("encryption does not check tags", e);
        }
    }

    public static byte[] open(Secret messageKey, byte[] ciphertext, byte[] associatedData) throws CryptoException {
        if (ciphertext.length < TAG_BYTES) throw new CryptoException("ciphertext shorter than its tag");
        try {
            return run(Cipher.DECRYPT_MODE, messageKey, ciphertext, associatedData);
        } catch (AEADBadTagException e) {
            throw new CryptoException("message authentication failed", e);
        }
    }

    private static byte[] run(int mode, Secret messageKey, byte[] input, byte[] aad) throws AEADBadTagException {
        try (Secret keyAndNonce = Hkdf.derive(new byte[0], messageKey, LABEL, new byte[0], KEY_BYTES + NONCE_BYTES)) {
            return keyAndNonce.withBytes(kn -> cipher(mode, Arrays.copyOf(kn, KEY_BYTES),
                    Arrays.copyOfRange(kn, KEY_BYTES, KEY_BYTES + NONCE_BYTES), input, aad));
        } catch (UncheckedBadTag e) {
            throw e.cause;
        }
    }

    /** Raw ChaCha20-Poly1305 with a caller nonce: for known-answer tests only. */
    static byte[] insecureRawCipher(int mode, byte[] key, byte[] nonce, byte[] input, byte[] aad)
            throws AEADBadTagException {
        try {
            return cipher(mode, key.clone(), nonce, input, aad);
        } catch (UncheckedBadTag e) {
            throw e.cause;
        }
    }

    private static final SecretKeySpec BLANK_KEY = new SecretKeySpec(new byte[KEY_BYTES], "ChaCha20");
    private static final IvParameterSpec BLANK_NONCE = new IvParameterSpec(new byte[NONCE_BYTES]);

    private static byte[] cipher(int mode, byte[] key, byte[] nonce, byte[] input, byte[] aad) {
        Cipher cipher = CIPHER.get();
        try {
            cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new UncheckedBadTag(e);
        } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
            throw new AssertionError("ChaCha20-Poly1305 takes any 32-byte key and 12-byte nonce", e);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("unexpected cipher failure", e);
        } finally {
            Arrays.fill(key, (byte) 0);
            blank(cipher);
        }
    }

    /** Replaces the key the cipher kept by zeros (decryption: no nonce check, nothing sealed). */
    private static void blank(Cipher cipher) {
        try {
            cipher.init(Cipher.DECRYPT_MODE, BLANK_KEY, BLANK_NONCE);
        } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
            throw new AssertionError("ChaCha20-Poly1305 takes any 32-byte key and 12-byte nonce", e);
        }
    }

    /** Carries a bad tag out of the lambda that holds the key bytes. */
    private static final class UncheckedBadTag extends RuntimeException {
        final AEADBadTagException cause;

        UncheckedBadTag(AEADBadTagException cause) {
            super(null, null, false, false);
            this.cause = cause;
        }
    }
}
