package dev.sesame.link;

import dev.sesame.limits.Limits;
import dev.sesame.wire.Cell;
import dev.sesame.wire.CellCodec;
import dev.sesame.wire.Fragmenter;
import dev.sesame.wire.Reassembler;
import dev.sesame.wire.WireException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * An active attacker on one direction of a test channel: sees each whole handshake message
 * (index 0 = HELLO ... 3 = CONFIRM) and may replace it. Also records what passed.
 */
final class HandshakeTap extends OutputStream {
    private final OutputStream next;
    private final BiFunction<Integer, byte[], byte[]> transform;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final Reassembler reassembler = new Reassembler();
    private final List<byte[]> seen = new ArrayList<>();
    private int index;

    HandshakeTap(OutputStream next, BiFunction<Integer, byte[], byte[]> transform) {
        this.next = next;
        this.transform = transform;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        partial.write(b, off, len);
        while (partial.size() >= Limits.CELL_BYTES) {
            byte[] all = partial.toByteArray();
            byte[] cellBytes = java.util.Arrays.copyOf(all, Limits.CELL_BYTES);
            partial.reset();
            partial.write(all, Limits.CELL_BYTES, all.length - Limits.CELL_BYTES);
            forward(cellBytes);
        }
    }

    private void forward(byte[] cellBytes) throws IOException {
        Cell cell;
        try {
            cell = CellCodec.decode(cellBytes);
        } catch (WireException e) {
            next.write(cellBytes);
            return;
        }
        if (cell.type() != Cell.Type.HANDSHAKE) {
            next.write(cellBytes);
            return;
        }
        Optional<Reassembler.Message> message;
        try {
            message = reassembler.accept(cell);
        } catch (WireException e) {
            throw new IOException(e);
        }
        if (message.isEmpty()) return;
        byte[] original = message.get().bytes();
        seen.add(original.clone());
        byte[] replaced = transform.apply(index++, original);
        if (replaced == null) return; // dropped
        for (Cell out : Fragmenter.split(Cell.Type.HANDSHAKE, replaced)) next.write(CellCodec.encode(out));
        next.flush();
    }

    @Override
    public void flush() throws IOException {
        next.flush();
    }

    @Override
    public void close() throws IOException {
        next.close();
    }

    synchronized List<byte[]> seen() {
        return List.copyOf(seen);
    }
}
