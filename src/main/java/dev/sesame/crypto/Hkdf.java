package dev.sesame.crypto;

import java.nio.charset.StandardCharsets;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;

/**
 * HKDF-SHA256 (RFC 5869) over the JDK's {@link KDF}, with secrets in and secrets out.
 *
 * <p>Labels are ASCII strings of the form {@code sesame/v1/<purpose>}; the context (for
 * example a transcript hash) is appended to the label to form HKDF's {@code info}.
 * Output length is capped at 255 hash lengths, as RFC 5869 requires. Thread-safe.
 */
public final class Hkdf {
    public static final int MAX_OUTPUT_BYTES = 255 * 32;

    /** One per thread: as {@code MessageCipher}'s cipher, for the same reason; a KDF keeps no key between calls. */
    private static final ThreadLocal<KDF> KDF_PER_THREAD = ThreadLocal.withInitial(() -> {
        try {
            return KDF.getInstance("HKDF-SHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("HKDF-SHA256 is part of JDK 25", e);
        }
    });

    private Hkdf() {}

    /** HKDF-Extract then Expand: {@code length} bytes from {@code ikm} under {@code salt}. */
    public static Secret derive(byte[] salt, Secret ikm, String label, byte[] context, int length) {
        return ikm.withBytes(ikmBytes -> derive(salt, ikmBytes, info(label, context), length));
    }

    /** As {@link #derive(byte[], Secret, String, byte[], int)} with a secret salt (a root key). */
    public static Secret derive(Secret salt, Secret ikm, String label, byte[] context, int length) {
        return salt.withBytes(saltBytes -> derive(saltBytes, ikm, label, context, length));
    }

    /**
     * As {@link #derive(byte[], Secret, String, byte[], int)} for an output that is not secret
     * (associated data, a safety number): returned as plain bytes. Never use it for a key.
     */
    public static byte[] derivePublic(byte[] salt, Secret ikm, String label, byte[] context, int length) {
        try (Secret out = derive(salt, ikm, label, context, length)) {
            return out.withBytes(byte[]::clone);
        }
    }

    /** Known-answer entry point for raw RFC 5869 vectors (self-test and tests only). */
    static byte[] deriveRaw(byte[] salt, byte[] ikm, byte[] info, int length) {
        try (Secret out = derive(salt, ikm.clone(), info, length)) {
            return out.withBytes(byte[]::clone);
        }
    }

    private static Secret derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        if (length <= 0 || length > MAX_OUTPUT_BYTES) {
            throw new IllegalArgumentException("HKDF length out of range: " + length);
        }
        try {
            KDF kdf = KDF_PER_THREAD.get();
            HKDFParameterSpec.Builder spec = HKDFParameterSpec.ofExtract().addIKM(ikm);
            // RFC 5869: an absent salt is HashLen zero bytes; the JDK wants it stated explicitly.
            spec.addSalt(salt.length == 0 ? new byte[32] : salt);
            return Secret.copyAndWipe(kdf.deriveData(spec.thenExpand(info, length)));
        } catch (InvalidAlgorithmParameterException e) {
            throw new AssertionError("HKDF-SHA256 takes any salt, key and info", e);
        }
    }

    static byte[] info(String label, byte[] context) {
        byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[labelBytes.length + context.length];
        System.arraycopy(labelBytes, 0, info, 0, labelBytes.length);
        System.arraycopy(context, 0, info, labelBytes.length, context.length);
        return info;
    }
}
