package dev.sesame.link;

import dev.sesame.limits.Limits;
import dev.sesame.wire.Cell;
import dev.sesame.wire.CellCodec;
import dev.sesame.wire.WireException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reads and writes whole cells on a {@link SecureChannel}. Not thread-safe: one reader, one writer. */
final class CellStream {
    private final InputStream in;
    private final OutputStream out;
    private final byte[] readBuffer = new byte[Limits.CELL_BYTES];

    CellStream(SecureChannel channel) {
        this.in = channel.input();
        this.out = channel.output();
    }

    /** Blocks for the next cell. */
    Cell read() throws IOException, WireException {
        int n = in.readNBytes(readBuffer, 0, readBuffer.length);
        if (n == 0) throw new EOFException("connection closed");
        if (n < readBuffer.length) throw new WireException(WireException.Reason.TRUNCATED, "connection closed inside a cell");
        return CellCodec.decode(readBuffer.clone());
    }

    /** Writes one cell as one write (one TLS record) and flushes it. */
    void write(Cell cell) throws IOException {
        out.write(CellCodec.encode(cell));
        out.flush();
    }
}
