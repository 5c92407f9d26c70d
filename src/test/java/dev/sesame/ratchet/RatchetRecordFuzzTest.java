package dev.sesame.ratchet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Fuzz target: ratchet records as a peer (or anyone on the path who breaks TLS) could send them:
 * the clear header, counters, a new ratchet key, ciphertext and tag (docs/PROTOCOL.md §6).
 * A forged record is rejected with a {@link RatchetException} and changes nothing: the next
 * real record still decrypts. Some inputs are real records with bytes flipped, so the fuzzer
 * gets past the header checks.
 */
class RatchetRecordFuzzTest {
    private static final SecureRandom RANDOM = RatchetPair.seededRandom(12);
    private static RatchetPair pair = RatchetPair.create(RANDOM);
    private static int used;

    @FuzzTest
    void decrypt(FuzzedDataProvider data) throws RatchetException {
        if (++used > 500) { // a fresh pair now and then: skipped keys and chains stay small
            pair.close();
            pair = RatchetPair.create(RANDOM);
            used = 0;
        }
        byte[] record;
        if (data.consumeBoolean()) {
            record = pair.alice.encrypt(data.consumeBytes(64));
            int flips = data.consumeInt(0, 4);
            for (int i = 0; i < flips && record.length > 0; i++) {
                int at = data.consumeInt(0, record.length - 1);
                record[at] ^= (byte) data.consumeInt(1, 255);
            }
            if (flips == 0) {
                pair.bob.decrypt(record); // an untouched record is simply received
                return;
            }
        } else {
            record = data.consumeRemainingAsBytes();
        }
        try {
            pair.bob.decrypt(record);
        } catch (RatchetException e) {
            assertThat(e.reason()).isNotNull();
        }
        byte[] next = pair.alice.encrypt("still in step".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(pair.bob.decrypt(next), StandardCharsets.UTF_8)).isEqualTo("still in step");
    }
}
