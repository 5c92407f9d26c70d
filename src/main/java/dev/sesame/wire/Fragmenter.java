package dev.sesame.wire;

import dev.sesame.limits.Limits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits one message into the cells that carry it. Thread-safe (stateless). */
public final class Fragmenter {
    private Fragmenter() {}

    /**
     * @param type handshake or record
     * @throws IllegalArgumentException when the message is longer than its type allows
     */
    public static List<Cell> split(Cell.Type type, byte[] message) {
        if (type == Cell.Type.PADDING) throw new IllegalArgumentException("padding is not a message");
        if (message.length > Reassembler.maxMessageBytes(type)) {
            throw new IllegalArgumentException(type + " message too long: " + message.length);
        }
        List<Cell> cells = new ArrayList<>();
        int offset = 0;
        do {
            int end = Math.min(message.length, offset + Limits.CELL_PAYLOAD_BYTES);
            cells.add(new Cell(type, end == message.length, Arrays.copyOfRange(message, offset, end)));
            offset = end;
        } while (offset < message.length);
        return cells;
    }
}
