package dev.sesame.crypto;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 keyed by a {@link Secret}. Thread-safe. */
public final class Hmac {
    public static final int TAG_BYTES = 32;

    private Hmac() {}

    /** HMAC output that is itself secret (a chain step): returned as a {@link Secret}. */
    public static Secret deriveSecret(Secret key, byte[] data) {
        return Secret.copyAndWipe(tag(key, data));
    }

    /** HMAC output that may be sent (a confirmation tag). */
    public static byte[] tag(Secret key, byte[] data) {
        return key.withBytes(k -> raw(k, data));
    }

    /** Recomputes the tag and compares in constant time. */
    public static boolean verify(Secret key, byte[] data, byte[] tag) {
        byte[] expected = tag(key, data);
        return MessageDigest.isEqual(expected, tag);
    }

    static byte[] raw(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new AssertionError("HmacSHA256 with a non-empty key cannot fail", e);
        }
    }
}
