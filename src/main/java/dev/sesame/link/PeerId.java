package dev.sesame.link;

import dev.sesame.crypto.Hashes;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A node's identity for one run: SHA-256 of its ephemeral certificate. Shown to people as a
 * {@link #fingerprint()}; ordered bytewise so that both ends of a pair agree which link to keep
 * when two exist ({@code docs/PROTOCOL.md}, duplicate links).
 */
public record PeerId(byte[] bytes) implements Comparable<PeerId> {
    public static final int BYTES = 32;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public PeerId {
        if (bytes.length != BYTES) throw new IllegalArgumentException("peer id must be 32 bytes");
        bytes = bytes.clone();
    }

    public static PeerId ofCertificate(byte[] certificateDer) {
        return new PeerId(Hashes.sha256(certificateDer));
    }

    public static PeerId fromHex(String hex) {
        return new PeerId(HexFormat.of().parseHex(hex));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** The first 10 bytes in base32, in four groups of four: {@code "MFRG GZDF MZTW Q2LK"}. */
    public String fingerprint() {
        String compact = compactFingerprint();
        return compact.substring(0, 4) + " " + compact.substring(4, 8) + " " + compact.substring(8, 12) + " "
                + compact.substring(12, 16);
    }

    /** {@link #fingerprint()} without spaces. */
    public String compactFingerprint() {
        StringBuilder out = new StringBuilder(16);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < 10; i++) {
            buffer = (buffer << 8) | (bytes[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        return out.toString();
    }

    /** Short form for places where a name collides: the first four fingerprint characters. */
    public String shortFingerprint() {
        return compactFingerprint().substring(0, 4).toLowerCase(Locale.ROOT);
    }

    @Override
    public int compareTo(PeerId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex().substring(0, 16);
    }
}
