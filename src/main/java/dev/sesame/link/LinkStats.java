package dev.sesame.link;

import dev.sesame.limits.Limits;
import dev.sesame.wire.Cell;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of one link's cells, for {@code /stats} and the status bar. Thread-safe. */
public final class LinkStats {
    private final AtomicLong cellsSent = new AtomicLong();
    private final AtomicLong paddingSent = new AtomicLong();
    private final AtomicLong cellsReceived = new AtomicLong();
    private final AtomicLong paddingReceived = new AtomicLong();

    void sent(Cell cell) {
        cellsSent.incrementAndGet();
        if (cell.type() == Cell.Type.PADDING) paddingSent.incrementAndGet();
    }

    void received(Cell cell) {
        cellsReceived.incrementAndGet();
        if (cell.type() == Cell.Type.PADDING) paddingReceived.incrementAndGet();
    }

    public long cellsSent() {
        return cellsSent.get();
    }

    public long paddingSent() {
        return paddingSent.get();
    }

    public long cellsReceived() {
        return cellsReceived.get();
    }

    public long paddingReceived() {
        return paddingReceived.get();
    }

    /** Cell bytes sent (padding included); {@link TrafficShape#wireBytesPerCell()} gives the cost on the wire. */
    public long bytesSent() {
        return cellsSent.get() * Limits.CELL_BYTES;
    }

    public long bytesReceived() {
        return cellsReceived.get() * Limits.CELL_BYTES;
    }

    /** Share of sent cells that were padding, from 0 to 1 (1 when nothing was sent). */
    public double paddingShare() {
        long sent = cellsSent.get();
        return sent == 0 ? 1.0 : (double) paddingSent.get() / sent;
    }
}
