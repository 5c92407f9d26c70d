package dev.sesame.wire;

import dev.sesame.limits.Limits;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * Joins the fragments of one message at a time back together, under hard limits.
 *
 * <p>Padding cells may appear anywhere and are dropped. A message's fragments must arrive
 * one after another: a fragment of the other type before the last one is a protocol
 * violation, as is a message longer than its type allows (checked before buffering).
 * Not thread-safe: confined to the link's reader.
 */
public final class Reassembler {
    /** A complete message and its type. */
    public record Message(Cell.Type type, byte[] bytes) {}

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Cell.Type current;

    static int maxMessageBytes(Cell.Type type) {
        return switch (type) {
            case HANDSHAKE -> Limits.MAX_HANDSHAKE_MESSAGE_BYTES;
            case RECORD -> Limits.MAX_RECORD_BYTES;
            case PADDING -> 0;
        };
    }

    /** Adds a cell; returns the message it completes, if any. */
    public Optional<Message> accept(Cell cell) throws WireException {
        if (cell.type() == Cell.Type.PADDING) return Optional.empty();
        if (current != null && current != cell.type()) {
            throw new WireException(WireException.Reason.UNEXPECTED,
                    cell.type() + " fragment inside a " + current + " message");
        }
        if (buffer.size() + cell.payload().length > maxMessageBytes(cell.type())) {
            throw new WireException(WireException.Reason.TOO_LONG, cell.type() + " message over "
                    + maxMessageBytes(cell.type()) + " bytes");
        }
        current = cell.type();
        buffer.writeBytes(cell.payload());
        if (!cell.last()) return Optional.empty();
        Message message = new Message(current, buffer.toByteArray());
        buffer.reset();
        current = null;
        return Optional.of(message);
    }

    /** Whether a message is partly received. */
    public boolean inProgress() {
        return current != null;
    }
}
