package dev.sesame.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sesame.limits.Limits;
import org.junit.jupiter.api.Test;

class CellCodecTest {
    private static byte[] dataCell() {
        return CellCodec.encode(new Cell(Cell.Type.RECORD, true, new byte[] {1, 2, 3}));
    }

    private static WireException.Reason rejection(byte[] bytes) {
        return catchThrowableOfType(WireException.class, () -> CellCodec.decode(bytes)).reason();
    }

    @Test
    void everyCellIsExactlyTheFixedSizeAndRoundTrips() throws WireException {
        for (int length : new int[] {0, 1, 100, Limits.CELL_PAYLOAD_BYTES}) {
            Cell cell = new Cell(Cell.Type.HANDSHAKE, length % 2 == 0, new byte[length]);
            byte[] encoded = CellCodec.encode(cell);
            assertThat(encoded).hasSize(Limits.CELL_BYTES);
            Cell decoded = CellCodec.decode(encoded);
            assertThat(decoded.type()).isEqualTo(cell.type());
            assertThat(decoded.last()).isEqualTo(cell.last());
            assertThat(decoded.payload()).isEqualTo(cell.payload());
        }
        assertThat(CellCodec.encode(Cell.PADDING)).hasSize(Limits.CELL_BYTES);
    }

    @Test
    void paddingLooksLikeAnyOtherCellFromOutsideButCarriesNothing() throws WireException {
        byte[] padding = CellCodec.encode(Cell.PADDING);
        assertThat(CellCodec.decode(padding).type()).isEqualTo(Cell.Type.PADDING);
        for (int i = 2; i < padding.length; i++) assertThat(padding[i]).isZero();
    }

    @Test
    void unknownVersionIsRejected() {
        byte[] cell = dataCell();
        cell[0] = 2;
        assertThat(rejection(cell)).isEqualTo(WireException.Reason.UNSUPPORTED_VERSION);
    }

    @Test
    void unknownTypeIsRejected() {
        byte[] cell = dataCell();
        cell[1] = 9;
        assertThat(rejection(cell)).isEqualTo(WireException.Reason.UNKNOWN_TYPE);
    }

    @Test
    void everyUnknownFlagBitIsRejected() {
        for (int bit = 1; bit < 8; bit++) {
            byte[] cell = dataCell();
            cell[2] |= (byte) (1 << bit);
            assertThat(rejection(cell)).as("flag bit %d", bit).isEqualTo(WireException.Reason.UNKNOWN_FLAG);
        }
    }

    @Test
    void lengthPastTheCellIsRejected() {
        byte[] cell = dataCell();
        cell[3] = 0x02;
        cell[4] = 0x00; // 512 > 507
        assertThat(rejection(cell)).isEqualTo(WireException.Reason.TOO_LONG);
        cell[3] = (byte) 0xff;
        cell[4] = (byte) 0xff;
        assertThat(rejection(cell)).isEqualTo(WireException.Reason.TOO_LONG);
    }

    @Test
    void anyNonZeroFillByteIsRejected() {
        for (int i = Limits.CELL_HEADER_BYTES + 3; i < Limits.CELL_BYTES; i++) {
            byte[] cell = dataCell();
            cell[i] = 1;
            assertThat(rejection(cell)).as("fill byte %d", i).isEqualTo(WireException.Reason.NONZERO_PADDING);
        }
    }

    @Test
    void paddingWithContentOrTheLastFlagIsRejected() {
        byte[] withLength = CellCodec.encode(Cell.PADDING);
        withLength[4] = 1;
        assertThat(rejection(withLength)).isEqualTo(WireException.Reason.MALFORMED);
        byte[] withFlag = CellCodec.encode(Cell.PADDING);
        withFlag[2] = 1;
        assertThat(rejection(withFlag)).isEqualTo(WireException.Reason.MALFORMED);
    }

    @Test
    void aCellOfTheWrongSizeIsRejected() {
        assertThat(rejection(new byte[Limits.CELL_BYTES - 1])).isEqualTo(WireException.Reason.MALFORMED);
    }

    @Test
    void everySingleBitFlipInTheHeaderEitherFailsOrChangesTheCellVisibly() throws WireException {
        byte[] original = dataCell();
        Cell reference = CellCodec.decode(original);
        for (int bit = 0; bit < Limits.CELL_HEADER_BYTES * 8; bit++) {
            byte[] flipped = original.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            try {
                Cell decoded = CellCodec.decode(flipped);
                // Only the last flag or the length may change a well-formed cell into another well-formed one.
                boolean differs = decoded.last() != reference.last() || decoded.type() != reference.type()
                        || decoded.payload().length != reference.payload().length;
                assertThat(differs).as("bit %d", bit).isTrue();
            } catch (WireException expected) {
                // rejected: fine
            }
        }
    }
}
