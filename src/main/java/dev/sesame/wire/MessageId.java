package dev.sesame.wire;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/** A random 128-bit message id: chosen by the sender, echoed in receipts, used to drop duplicates. */
public record MessageId(byte[] bytes) {
    public static final int BYTES = 16;

    public MessageId {
        if (bytes.length != BYTES) throw new IllegalArgumentException("message id must be 16 bytes");
        bytes = bytes.clone();
    }

    public static MessageId random(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new MessageId(bytes);
    }

    public static MessageId fromHex(String hex) {
        return new MessageId(HexFormat.of().parseHex(hex));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
