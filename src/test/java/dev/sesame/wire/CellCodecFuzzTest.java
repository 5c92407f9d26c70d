package dev.sesame.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sesame.limits.Limits;

/**
 * Fuzz target: the cell decoder, which reads every byte a peer sends after TLS
 * (docs/PROTOCOL.md §4; docs/SECURITY.md, "Fuzzing"). Any input is either rejected with a
 * {@link WireException} or is a canonical cell: encoding the result gives the input back.
 */
class CellCodecFuzzTest {
    @FuzzTest
    void decode(byte[] input) {
        // Most raw inputs have the wrong length; pad or cut to a cell too, so the fuzzer reaches the fields.
        check(input);
        byte[] cell = new byte[Limits.CELL_BYTES];
        System.arraycopy(input, 0, cell, 0, Math.min(input.length, cell.length));
        check(cell);
    }

    private static void check(byte[] bytes) {
        Cell cell;
        try {
            cell = CellCodec.decode(bytes);
        } catch (WireException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(cell.payload().length).isLessThanOrEqualTo(Limits.CELL_PAYLOAD_BYTES);
        assertThat(CellCodec.encode(cell)).isEqualTo(bytes);
    }
}
