package dev.sesame.crypto;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Turns the shared phrase into the phrase key that feeds the PAKE:
 * {@code Argon2id(phrase, salt = SHA-256("sesame/v1/phrase-salt/" + mode))}, 64 MiB, 3 passes,
 * 4 lanes, 32 bytes (RFC 9106's second recommended setting), computed once at start.
 *
 * <p>Why a fixed salt is sound here: the phrase key is only ever used inside EC J-PAKE, which
 * gives an attacker no value to test guesses against offline; Argon2id only makes the
 * online guess (one per connection) and a stolen phrase key expensive. The {@code mode}
 * ({@code real} or {@code decoy}) is in the salt, so a decoy node can never link with a real one.
 */
public final class PhraseKeys {
    public static final int KEY_BYTES = 32;
    static final int MEMORY_KIB = 64 * 1024;
    static final int PASSES = 3;
    static final int LANES = 4;

    /** Key-derivation domain: decoy sessions can never authenticate to real ones. */
    public enum Mode {
        REAL("real"), DECOY("decoy");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private PhraseKeys() {}

    /** Derives the phrase key; {@code phrase} stays open (the caller closes it). */
    public static Secret derive(Secret phrase, Mode mode) {
        return derive(phrase, mode, MEMORY_KIB, PASSES);
    }

    /** Test hook: the same derivation with cheaper parameters. */
    static Secret derive(Secret phrase, Mode mode, int memoryKib, int passes) {
        byte[] salt = Hashes.sha256(("sesame/v1/phrase-salt/" + mode.label()).getBytes(StandardCharsets.US_ASCII));
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(passes)
                .withParallelism(LANES)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[KEY_BYTES];
        phrase.withBytes(bytes -> generator.generateBytes(bytes, out));
        return Secret.copyAndWipe(out);
    }
}
