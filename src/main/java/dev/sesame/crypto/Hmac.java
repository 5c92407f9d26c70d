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

    /**
     * One per thread, initialised afresh for every use, then keyed with zeros: as {@code
     * MessageCipher}'s cipher, for the same reasons (the JDK's HMAC keeps its key's pads).
     */
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("HmacSHA256 is part of the JDK", e);
        }
    });

    private static final SecretKeySpec BLANK_KEY = new SecretKeySpec(new byte[TAG_BYTES], "HmacSHA256");

    static byte[] raw(byte[] key, byte[] data) {
        Mac mac = MAC.get();
        try {
            init(mac, new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } finally {
            init(mac, BLANK_KEY);
        }
    }

    private static void init(Mac mac, SecretKeySpec key) {
        try {
            mac.init(key);
        } catch (InvalidKeyException e) {
            throw new AssertionError("HmacSHA256 with a non-empty key cannot fail", e);
        }
    }
}
