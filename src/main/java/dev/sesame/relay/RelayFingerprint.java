package dev.sesame.relay;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The relay's identity as people see it: the SHA-256 of its ephemeral certificate (32 bytes), in
 * lowercase base32 without padding (52 characters), one word so it can follow {@code #} in
 * {@code --relay HOST:PORT#FINGERPRINT} ({@code docs/USAGE.md}, "Relay"). Immutable.
 */
public record RelayFingerprint(byte[] bytes) {
    public static final int BYTES = 32;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    public RelayFingerprint {
        if (bytes.length != BYTES) throw new IllegalArgumentException("a fingerprint is 32 bytes");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        return out.toString();
    }

    /** Parses {@link #text()}; case and spaces or dashes between groups do not matter. Empty if malformed. */
    public static Optional<RelayFingerprint> parse(String text) {
        String compact = text.toLowerCase(Locale.ROOT).replace(" ", "").replace("-", "");
        if (compact.length() != 52) return Optional.empty();
        byte[] out = new byte[BYTES];
        int buffer = 0;
        int bits = 0;
        int at = 0;
        for (int i = 0; i < compact.length(); i++) {
            int value = ALPHABET.indexOf(compact.charAt(i));
            if (value < 0) return Optional.empty();
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                if (at == BYTES) return Optional.empty();
                out[at++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if (at != BYTES || (buffer & ((1 << bits) - 1)) != 0) return Optional.empty(); // canonical: padding bits zero
        return Optional.of(new RelayFingerprint(out));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelayFingerprint other && java.security.MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return text();
    }
}
