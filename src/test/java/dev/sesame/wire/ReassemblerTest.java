package dev.sesame.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sesame.limits.Limits;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReassemblerTest {
    @Property(tries = 200)
    void anyMessageSurvivesFragmentingAndReassembly(@ForAll @IntRange(min = 0, max = Limits.MAX_RECORD_BYTES) int length,
                                                    @ForAll long seed) throws WireException {
        byte[] message = new byte[length];
        new Random(seed).nextBytes(message);
        Reassembler reassembler = new Reassembler();
        List<Cell> cells = Fragmenter.split(Cell.Type.RECORD, message);
        Optional<Reassembler.Message> result = Optional.empty();
        for (int i = 0; i < cells.size(); i++) {
            assertThat(result).isEmpty();
            result = reassembler.accept(cells.get(i));
            reassembler.accept(Cell.PADDING); // padding may come between fragments
        }
        assertThat(result).isPresent();
        assertThat(result.get().bytes()).isEqualTo(message);
        assertThat(reassembler.inProgress()).isFalse();
    }

    @Test
    void aMessageLongerThanItsLimitIsRejectedBeforeItIsBuffered() throws WireException {
        Reassembler reassembler = new Reassembler();
        Cell fragment = new Cell(Cell.Type.HANDSHAKE, false, new byte[Limits.CELL_PAYLOAD_BYTES]);
        int fits = Limits.MAX_HANDSHAKE_MESSAGE_BYTES / Limits.CELL_PAYLOAD_BYTES;
        for (int i = 0; i < fits; i++) reassembler.accept(fragment);
        assertThatThrownBy(() -> reassembler.accept(fragment)).isInstanceOf(WireException.class)
                .extracting(e -> ((WireException) e).reason()).isEqualTo(WireException.Reason.TOO_LONG);
    }

    @Test
    void recordsHaveTheirOwnLargerLimit() throws WireException {
        Reassembler reassembler = new Reassembler();
        Cell fragment = new Cell(Cell.Type.RECORD, false, new byte[Limits.CELL_PAYLOAD_BYTES]);
        int fits = Limits.MAX_RECORD_BYTES / Limits.CELL_PAYLOAD_BYTES;
        for (int i = 0; i < fits; i++) reassembler.accept(fragment);
        assertThatThrownBy(() -> reassembler.accept(fragment)).isInstanceOf(WireException.class);
    }

    @Test
    void fragmentsOfDifferentTypesMayNotInterleave() throws WireException {
        Reassembler reassembler = new Reassembler();
        reassembler.accept(new Cell(Cell.Type.HANDSHAKE, false, new byte[5]));
        assertThatThrownBy(() -> reassembler.accept(new Cell(Cell.Type.RECORD, true, new byte[5])))
                .isInstanceOf(WireException.class)
                .extracting(e -> ((WireException) e).reason()).isEqualTo(WireException.Reason.UNEXPECTED);
    }

    @Test
    void theFragmenterRefusesOversizedMessages() {
        assertThatThrownBy(() -> Fragmenter.split(Cell.Type.HANDSHAKE, new byte[Limits.MAX_HANDSHAKE_MESSAGE_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
