package dev.sesame.wire;

import dev.sesame.limits.Limits;

/**
 * One fixed-size unit of the wire ({@link Limits#CELL_BYTES} bytes once encoded): a padding
 * cell, or a fragment of a handshake message or a ratchet record. {@code last} marks the final
 * fragment of a message.
 */
public record Cell(Type type, boolean last, byte[] payload) {
    /** The cell types; the numbers are the wire values. */
    public enum Type {
        PADDING(0), HANDSHAKE(1), RECORD(2);

        final int wire;

        Type(int wire) {
            this.wire = wire;
        }

        static Type fromWire(int value) throws WireException {
            for (Type type : values()) {
                if (type.wire == value) return type;
            }
            throw new WireException(WireException.Reason.UNKNOWN_TYPE, "unknown cell type " + value);
        }
    }

    public static final Cell PADDING = new Cell(Type.PADDING, false, new byte[0]);

    public Cell {
        if (payload.length > Limits.CELL_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("cell payload too long: " + payload.length);
        }
        if (type == Type.PADDING && (last || payload.length != 0)) {
            throw new IllegalArgumentException("a padding cell carries nothing");
        }
    }

    @Override
    public String toString() {
        return "Cell[" + type + (last ? ", last" : "") + ", " + payload.length + " bytes]";
    }
}
