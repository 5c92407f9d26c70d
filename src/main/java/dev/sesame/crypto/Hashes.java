package dev.sesame.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 over public data (certificates, transcripts). */
public final class Hashes {
    public static final int SHA256_BYTES = 32;

    private Hashes() {}

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /** SHA-256 of the concatenation of {@code parts}. */
    public static byte[] sha256(byte[]... parts) {
        MessageDigest digest = newSha256();
        for (byte[] part : parts) digest.update(part);
        return digest.digest();
    }
}
