package dev.sesame.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sesame.limits.Limits;
import java.util.Optional;

/**
 * Fuzz target: reassembly of messages from a stream of cells in any order of types, flags and
 * sizes (docs/PROTOCOL.md §4). A message never exceeds its type's limit, and the only failure
 * is a {@link WireException}, after which the link would close.
 */
class ReassemblerFuzzTest {
    private static final Cell.Type[] TYPES = Cell.Type.values();

    @FuzzTest
    void reassemble(FuzzedDataProvider data) {
        Reassembler reassembler = new Reassembler();
        while (data.remainingBytes() > 0) {
            Cell.Type type = TYPES[data.consumeInt(0, TYPES.length - 1)];
            boolean last = data.consumeBoolean();
            int length = data.consumeInt(0, Limits.CELL_PAYLOAD_BYTES);
            byte[] payload = type == Cell.Type.PADDING ? new byte[0] : data.consumeBytes(length);
            Cell cell = new Cell(type, type != Cell.Type.PADDING && last, payload);
            // Through the codec, as on the wire: what the reader reassembles is what it decoded.
            Cell decoded;
            try {
                decoded = CellCodec.decode(CellCodec.encode(cell));
            } catch (WireException e) {
                throw new AssertionError("a cell we encoded does not decode", e);
            }
            Optional<Reassembler.Message> message;
            try {
                message = reassembler.accept(decoded);
            } catch (WireException e) {
                return; // the link closes here: never resynchronise
            }
            message.ifPresent(m -> assertThat(m.bytes().length).isLessThanOrEqualTo(Reassembler.maxMessageBytes(m.type())));
        }
    }
}
