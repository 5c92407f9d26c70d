package dev.sesame.wire;

import dev.sesame.limits.Limits;
import java.util.Arrays;

/**
 * Encodes and decodes single cells.
 *
 * <pre>
 *   offset 0  version   (1 byte)  = {@link #VERSION}
 *          1  type      (1 byte)  0 padding, 1 handshake, 2 record
 *          2  flags     (1 byte)  bit 0: last fragment; other bits must be 0
 *          3  length    (2 bytes) payload length, big-endian, at most 507
 *          5  payload   (length bytes)
 *             fill      zero bytes up to 512
 * </pre>
 *
 * Decoding rejects any other version, type or flag, a length past the cell, a padding cell
 * that carries anything, and any non-zero fill byte. Thread-safe (stateless).
 */
public final class CellCodec {
    public static final int VERSION = 1;
    private static final int FLAG_LAST = 0x01;

    private CellCodec() {}

    public static byte[] encode(Cell cell) {
        byte[] out = new byte[Limits.CELL_BYTES];
        out[0] = VERSION;
        out[1] = (byte) cell.type().wire;
        out[2] = (byte) (cell.last() ? FLAG_LAST : 0);
        out[3] = (byte) (cell.payload().length >>> 8);
        out[4] = (byte) cell.payload().length;
        System.arraycopy(cell.payload(), 0, out, Limits.CELL_HEADER_BYTES, cell.payload().length);
        return out;
    }

    public static Cell decode(byte[] bytes) throws WireException {
        if (bytes.length != Limits.CELL_BYTES) {
            throw new WireException(WireException.Reason.MALFORMED, "cell of " + bytes.length + " bytes");
        }
        int version = bytes[0] & 0xff;
        if (version != VERSION) {
            throw new WireException(WireException.Reason.UNSUPPORTED_VERSION, "unsupported cell version " + version);
        }
        Cell.Type type = Cell.Type.fromWire(bytes[1] & 0xff);
        int flags = bytes[2] & 0xff;
        if ((flags & ~FLAG_LAST) != 0) {
            throw new WireException(WireException.Reason.UNKNOWN_FLAG, "unknown cell flags 0x" + Integer.toHexString(flags));
        }
        int length = ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
        if (length > Limits.CELL_PAYLOAD_BYTES) {
            throw new WireException(WireException.Reason.TOO_LONG, "cell payload length " + length);
        }
        boolean last = (flags & FLAG_LAST) != 0;
        if (type == Cell.Type.PADDING && (last || length != 0)) {
            throw new WireException(WireException.Reason.MALFORMED, "padding cell with content");
        }
        for (int i = Limits.CELL_HEADER_BYTES + length; i < bytes.length; i++) {
            if (bytes[i] != 0) throw new WireException(WireException.Reason.NONZERO_PADDING, "non-zero cell fill");
        }
        byte[] payload = Arrays.copyOfRange(bytes, Limits.CELL_HEADER_BYTES, Limits.CELL_HEADER_BYTES + length);
        return new Cell(type, last, payload);
    }
}
