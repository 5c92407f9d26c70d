package dev.sesame.relay;

import dev.sesame.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;

/**
 * Room names. A room name is never derived from the phrase: a relay that saw a value computed
 * from the phrase could test guesses offline. It is chosen by people ({@code --room}) or made at
 * random, and the relay sees only {@link #hash} of it ({@code docs/SECURITY.md}, "Relay").
 */
public final class RoomName {
    /** Lowercase base32 without the letters easily misread (no l, o, 0 or 1 confusion): 32 symbols, 5 bits each. */
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    /** 7 groups of 4 symbols: 28 × 5 = 140 bits. */
    static final int GROUPS = 7;
    static final int GROUP_SYMBOLS = 4;
    private static final byte[] LABEL = "sesame relay room v1\0".getBytes(StandardCharsets.US_ASCII);

    private RoomName() {}

    /** A fresh random room name of 140 bits, readable in groups: {@code "k7mq-2xfd-…"}. */
    public static String random(SecureRandom random) {
        StringBuilder out = new StringBuilder();
        for (int g = 0; g < GROUPS; g++) {
            if (g > 0) out.append('-');
            for (int i = 0; i < GROUP_SYMBOLS; i++) out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    /** What the relay sees: SHA-256 over a label and the NFC-normalised, trimmed name. */
    public static byte[] hash(String name) {
        String normalised = Normalizer.normalize(name.strip(), Normalizer.Form.NFC);
        return Hashes.sha256(LABEL, normalised.getBytes(StandardCharsets.UTF_8));
    }
}
