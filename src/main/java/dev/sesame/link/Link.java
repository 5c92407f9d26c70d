package dev.sesame.link;

import dev.sesame.transport.PipeSource;
import dev.sesame.transport.Via;
import dev.sesame.wire.Endpoint;
import dev.sesame.limits.Limits;
import dev.sesame.ratchet.DoubleRatchet;
import dev.sesame.ratchet.RatchetException;
import dev.sesame.wire.Cell;
import dev.sesame.wire.Fragmenter;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import dev.sesame.wire.Reassembler;
import dev.sesame.wire.WireException;
import dev.sesame.util.Fault;
import dev.sesame.util.ReasonCode;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An authenticated link to one peer: every message goes through this link's own Double Ratchet,
 * is cut into cells and paced by the {@link TrafficShape}.
 *
 * <p>Two platform threads per link: the reader (cells → records → ratchet → {@link PeerMessage}s
 * to the {@link Listener}) and the writer (one cell per tick). {@link Listener#onClosed} is
 * called exactly once, whatever ends the link. Thread-safe.
 */
public final class Link implements MessageLink {
    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    /** Ticks a late writer may catch up back to back before it resets its schedule. */
    private static final int MAX_CATCH_UP_TICKS = 10;
    /** Queued to wake the writer when receipts wait; never written. */
    private static final Cell WAKE = new Cell(Cell.Type.PADDING, false, new byte[0]);

    private final long id = NEXT_ID.getAndIncrement();
    private final SecureChannel channel;
    private final Handshake.Result session;
    private final TrafficShape shape;
    private final MessageLink.Listener listener;
    private final CellStream cells;
    private final BlockingQueue<Cell> outbound = new LinkedBlockingQueue<>(Limits.MAX_QUEUED_CELLS);
    /** Messages the listener side may not encrypt yet: a responder's ratchet sends only after it has received. */
    private final List<PeerMessage> heldUntilFirstRecord = new ArrayList<>();
    /** Queue cells the held messages will take once released; kept within the queue's capacity. */
    private int heldCells;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Receipts not yet encrypted: the writer sends all that are waiting as one RECEIPTS record
     * (docs/PROTOCOL.md §7), so a burst costs a record per batch, not per message. Guarded by sendLock.
     */
    private final ArrayDeque<MessageId> unsentReceipts = new ArrayDeque<>();
    /** A {@link #WAKE} is in the queue (or about to be). */
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final Object sendLock = new Object();
    private final LinkStats stats = new LinkStats();
    /** A send was refused for want of queue room: the writer calls {@link Listener#onRoom} once half the queue is free. */
    private final AtomicBoolean refusedForRoom = new AtomicBoolean();
    /** {@link Limits#RECEIPT_SPACING}, or a test's. */
    private final long receiptSpacingNanos;
    /** When the writer last encrypted receipts (under sendLock); at first a spacing ago, so the first batch goes at once. */
    private long lastReceiptsNanos;
    private volatile boolean canEncrypt;
    private volatile boolean draining;
    private volatile long drainDeadlineNanos;

    public Link(SecureChannel channel, Handshake.Result session, TrafficShape shape, MessageLink.Listener listener) {
        this(channel, session, shape, listener, Limits.RECEIPT_SPACING);
    }

    /** With another spacing of receipt batches than {@link Limits#RECEIPT_SPACING} (tests). */
    Link(SecureChannel channel, Handshake.Result session, TrafficShape shape, MessageLink.Listener listener,
            Duration receiptSpacing) {
        this.receiptSpacingNanos = receiptSpacing.toNanos();
        this.lastReceiptsNanos = System.nanoTime() - receiptSpacingNanos;
        this.channel = channel;
        this.session = session;
        this.shape = shape;
        this.listener = listener;
        this.cells = new CellStream(channel);
        this.canEncrypt = session.role() == HandshakeRole.DIALER;
    }

    /**
     * Starts the reader and writer threads. They are platform threads, not virtual ones: every
     * pending pipe's TLS runs on a virtual thread, and under junk connections from one address
     * (docs/SECURITY.md §Junk connections) those keep both carriers busy with TLS server flights
     * that never yield, so a link thread woken by a message waited behind them; a platform thread
     * is woken by the OS, which preempts that work. Bounded: links are bounded by the peer cap.
     */
    @Override
    public void start() throws IOException {
        channel.setReadTimeout(session.peerSilenceLimit());
        try {
            Thread.ofPlatform().daemon().name("link-read-" + id).start(this::readLoop);
            Thread.ofPlatform().daemon().name("link-write-" + id).start(this::writeLoop);
        } catch (OutOfMemoryError e) {
            // The system refused an OS thread (a process or cgroup limit): this link cannot run, and
            // a reader already started must not stay behind without its writer. The caller closes it.
            close(CloseReason.ERROR, CloseReason.ERROR);
            throw new IOException("no thread for the link: " + e.getMessage(), e);
        }
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public PeerId peerId() {
        return session.peerId();
    }

    public HandshakeRole role() {
        return session.role();
    }

    /** The pipe's admission key (docs/SECURITY.md §Admission). */
    public PipeSource source() {
        return channel.source();
    }

    @Override
    public Via via() {
        return channel.via();
    }

    /** The pipe's printable label, for events. */
    @Override
    public String label() {
        return channel.label();
    }

    /** The far end's host literal, for direct pipes. */
    @Override
    public Optional<String> remoteHost() {
        return channel.remoteHost();
    }

    /** The endpoints the peer announced in its HELLO. */
    public List<Endpoint> peerEndpoints() {
        return session.peerEndpoints();
    }

    @Override
    public byte[] safetyMaterial() {
        return session.safetyMaterial().clone();
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public LinkStats stats() {
        return stats;
    }

    @Override
    public int queuedCells() {
        return outbound.size();
    }

    /**
     * Encrypts and queues one message. Returns false when the link is closed or its queue is
     * full (the caller keeps the message for later).
     */
    @Override
    public boolean send(PeerMessage message) {
        synchronized (sendLock) {
            if (closed.get() || draining) return false;
            if (!canEncrypt) {
                // Accept only what is sure to fit the queue when released: a held message is never dropped.
                int cells = cellsNeeded(message.encode().length);
                if (heldUntilFirstRecord.size() >= Limits.MAX_OUTBOX_PER_PEER
                        || heldCells + cells > Limits.MAX_QUEUED_CELLS) {
                    return refused();
                }
                heldUntilFirstRecord.add(message);
                heldCells += cells;
                return true;
            }
            if (message instanceof PeerMessage.Receipt receipt) return queueReceipt(receipt.id());
            try {
                return enqueue(message) || refused();
            } catch (RatchetException e) {
                return false; // closed or wiped under us: the link is ending, and its reader reports how
            }
        }
    }

    /** A send refused for want of room: remembered, so that the writer says when there is room again. */
    private boolean refused() {
        refusedForRoom.set(true);
        return false;
    }

    /**
     * Writer thread, after it took a cell: if a send was refused and half the queue is free now,
     * the listener hears so (issue 13: the mesh hands on what waited at once, not at its next tick).
     * Held messages count as queued: they take their cells once the peer's first record arrives.
     */
    private void announceRoom() {
        if (!refusedForRoom.get()) return;
        int free = outbound.remainingCapacity();
        synchronized (sendLock) {
            free -= heldCells;
        }
        if (free >= Limits.MAX_QUEUED_CELLS / 2 && refusedForRoom.compareAndSet(true, false)) listener.onRoom(this);
    }

    /**
     * Under the send lock: keeps the receipt for the writer's next batch. Only the first receipt
     * of a batch wakes the writer; once one waits, the writer already waits for the batch's time
     * (or is busy), so waking it for every receipt of a burst would cost a wake-up per message.
     */
    private boolean queueReceipt(MessageId id) {
        if (unsentReceipts.size() >= Limits.MAX_UNSENT_RECEIPTS) return false;
        boolean first = unsentReceipts.isEmpty();
        unsentReceipts.add(id);
        if (first || unsentReceipts.size() == Limits.RECEIPTS_FOR_AN_EARLY_BATCH) wakeWriter();
        return true;
    }

    /** Makes sure the writer looks again soon. A full queue needs no wake-up: the writer is busy. */
    private void wakeWriter() {
        if (wakeQueued.compareAndSet(false, true) && !outbound.offer(WAKE)) wakeQueued.set(false);
    }

    /**
     * Writer thread: encrypts the waiting receipts, a full RECEIPTS record at a time, while the
     * queue has room, unless the last batch left less than the spacing ago and fewer than
     * {@link Limits#RECEIPTS_FOR_AN_EARLY_BATCH} wait. Returns when the
     * waiting receipts may go ({@link System#nanoTime}), or {@link Long#MAX_VALUE} if none wait.
     */
    private long encryptWaitingReceipts() {
        synchronized (sendLock) {
            if (unsentReceipts.isEmpty() || closed.get()) return Long.MAX_VALUE;
            long now = System.nanoTime();
            long due = lastReceiptsNanos + receiptSpacingNanos;
            // A closing link owes its peer every receipt now: the drain must not wait out the spacing.
            // Nor does a batch large enough to hold up a fast sender (Limits.RECEIPTS_FOR_AN_EARLY_BATCH).
            if (now - due < 0 && !draining && unsentReceipts.size() < Limits.RECEIPTS_FOR_AN_EARLY_BATCH) return due;
            while (!unsentReceipts.isEmpty() && !closed.get()) {
                List<MessageId> batch = new ArrayList<>(Limits.MAX_RECEIPTS_PER_RECORD);
                for (MessageId id : unsentReceipts) {
                    if (batch.size() == Limits.MAX_RECEIPTS_PER_RECORD) break;
                    batch.add(id);
                }
                try {
                    // Queue full: they wait for the writer's next turn, which takes a cell first.
                    if (!enqueue(new PeerMessage.Receipts(batch))) return Long.MAX_VALUE;
                } catch (RatchetException e) {
                    return Long.MAX_VALUE; // closed or wiped under us: the link is ending, and its reader reports how
                }
                for (int i = 0; i < batch.size(); i++) unsentReceipts.removeFirst();
                // The spacing counts from a batch that really left, not from a try the full queue refused.
                lastReceiptsNanos = now;
            }
            return Long.MAX_VALUE;
        }
    }

    /**
     * The next cell to write, or null when {@code timeoutNanos} (0: none) passed without one; a
     * {@link #WAKE}, or the end of the receipts' spacing, turns into the receipts that were waiting.
     */
    private Cell nextCell(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            if (closed.get()) return null;
            long receiptsDue = encryptWaitingReceipts();
            long now = System.nanoTime();
            long wait = Math.min(deadline - now, receiptsDue == Long.MAX_VALUE ? Long.MAX_VALUE : receiptsDue - now);
            Cell cell = wait > 0 ? outbound.poll(wait, TimeUnit.NANOSECONDS) : outbound.poll();
            if (cell == WAKE) {
                wakeQueued.set(false);
            } else if (cell != null || System.nanoTime() - deadline >= 0) {
                return cell;
            }
        }
    }

    private boolean enqueue(PeerMessage message) throws RatchetException {
        byte[] plaintext = message.encode();
        List<Cell> fragments;
        // Check room first so that a record is never encrypted and then dropped (its number would be skipped).
        if (outbound.remainingCapacity() < cellsNeeded(plaintext.length)) return false;
        byte[] record = session.ratchet().encrypt(plaintext);
        java.util.Arrays.fill(plaintext, (byte) 0);
        fragments = Fragmenter.split(Cell.Type.RECORD, record);
        for (Cell cell : fragments) {
            if (!outbound.offer(cell)) throw new IllegalStateException("room was checked under the send lock");
        }
        return true;
    }

    /** An upper bound on the cells one record with {@code plaintextLength} bytes of plaintext takes. */
    private static int cellsNeeded(int plaintextLength) {
        return (plaintextLength + 256) / Limits.CELL_PAYLOAD_BYTES + 1;
    }

    /** Closes the link after everything queued is written, or after {@code timeout}. */
    @Override
    public void closeAfterFlush(Duration timeout) {
        synchronized (sendLock) {
            draining = true;
            drainDeadlineNanos = System.nanoTime() + timeout.toNanos();
        }
        // The wake-up sends receipts that wait for their spacing at once (encryptWaitingReceipts). It
        // does not close an idle link sooner: that waits for the writer's next cell or keepalive,
        // since closing at once made duplicate resolution race (docs/ARCHITECTURE.md, "Performance
        // decisions": a retired duplicate closed before its peer had read REPLACED).
        wakeWriter();
    }

    /** Closes at once (a TLS close_notify is still sent); {@code cause} is what the listener hears. */
    @Override
    public void close(CloseReason reason, ReasonCode cause) {
        if (finish(reason, cause)) channel.close();
    }

    /** Drops the connection without sending anything (panic). */
    @Override
    public void abort() {
        if (finish(CloseReason.ABORTED, CloseReason.ABORTED)) channel.abort();
    }

    private boolean finish(CloseReason reason, ReasonCode cause) {
        if (!closed.compareAndSet(false, true)) return false;
        // Under the send lock: a send() that already saw the link open finishes before the ratchet closes.
        synchronized (sendLock) {
            session.ratchet().close();
            heldUntilFirstRecord.clear();
            heldCells = 0;
            unsentReceipts.clear();
        }
        outbound.clear();
        outbound.offer(WAKE); // the writer is an OS thread: it must end now, not at its next keepalive
        listener.onClosed(this, reason, cause);
        return true;
    }

    private void readLoop() {
        Reassembler reassembler = new Reassembler();
        try {
            while (!closed.get()) {
                Cell cell = cells.read();
                stats.received(cell);
                Optional<Reassembler.Message> message = reassembler.accept(cell);
                if (message.isEmpty()) continue;
                if (message.get().type() != Cell.Type.RECORD) {
                    throw new WireException(WireException.Reason.UNEXPECTED, "handshake message on an established link");
                }
                byte[] plaintext = session.ratchet().decrypt(message.get().bytes());
                PeerMessage decoded = PeerMessage.decode(plaintext);
                java.util.Arrays.fill(plaintext, (byte) 0);
                if (!canEncrypt) releaseHeldMessages();
                listener.onMessage(this, decoded);
                session.ratchet().completePendingTurn(); // after the hand-on: the message need not wait for it
            }
        } catch (SocketTimeoutException e) {
            close(CloseReason.TIMEOUT, CloseReason.TIMEOUT); // nothing for session.peerSilenceLimit()
        } catch (EOFException e) {
            close(CloseReason.CLOSED, CloseReason.CLOSED);
        } catch (IOException e) {
            CloseReason lost = closed.get() ? CloseReason.LOCAL : CloseReason.CLOSED;
            close(lost, lost);
        } catch (WireException e) {
            close(CloseReason.PROTOCOL, e.reason());
        } catch (RatchetException e) {
            if (e.reason() == RatchetException.Reason.CLOSED) {
                close(CloseReason.LOCAL, e.reason()); // closed or wiped under us (a panic, the exit): the link is ending anyway
            } else {
                close(CloseReason.PROTOCOL, e.reason());
            }
        } catch (RuntimeException e) {
            // Anything else is a bug (here or in the listener): end this link and say so, rather than
            // leave it a zombie whose writer keeps sending padding while nobody reads.
            close(CloseReason.ERROR, Fault.INTERNAL_ERROR);
        }
    }

    /** Messages wait for the peer's first record (a responder cannot encrypt before it). */
    private boolean holding() {
        synchronized (sendLock) {
            return !heldUntilFirstRecord.isEmpty() || !unsentReceipts.isEmpty();
        }
    }

    private void releaseHeldMessages() throws RatchetException {
        synchronized (sendLock) {
            if (closed.get()) return;
            canEncrypt = true;
            for (PeerMessage held : heldUntilFirstRecord) {
                if (!enqueue(held)) throw new IllegalStateException("room for held messages was reserved");
            }
            heldUntilFirstRecord.clear();
            heldCells = 0;
        }
    }

    private void writeLoop() {
        long interval = shape.cover() ? shape.interval().toNanos() : Limits.KEEPALIVE_INTERVAL.toNanos();
        // Independent, random phase per link: a broadcast does not leave on every link at once.
        long next = System.nanoTime() + ThreadLocalRandom.current().nextLong(interval);
        try {
            while (!closed.get()) {
                Cell cell;
                if (shape.cover()) {
                    parkUntil(next);
                    long now = System.nanoTime();
                    // A short delay (GC, a busy CPU) is caught up, so the count per second an observer
                    // sees stays exact; after a long stall (a suspended laptop) the schedule starts afresh
                    // instead of sending every missed tick in one burst.
                    if (now - next > MAX_CATCH_UP_TICKS * interval) next = now;
                    next += interval;
                    cell = nextCell(0);
                } else {
                    cell = nextCell(draining ? TimeUnit.MILLISECONDS.toNanos(10) : interval);
                }
                if (closed.get()) return; // closed while it waited: nothing more goes out
                if (draining && cell == null && ((outbound.isEmpty() && !holding()) || System.nanoTime() > drainDeadlineNanos)) {
                    close(CloseReason.LOCAL, CloseReason.LOCAL);
                    return;
                }
                if (draining && System.nanoTime() > drainDeadlineNanos) {
                    close(CloseReason.LOCAL, CloseReason.LOCAL);
                    return;
                }
                Cell toWrite = cell == null ? Cell.PADDING : cell;
                cells.write(toWrite);
                stats.sent(toWrite);
                if (cell != null) announceRoom();
            }
        } catch (IOException e) {
            CloseReason failed = closed.get() ? CloseReason.LOCAL : CloseReason.ERROR;
            close(failed, failed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(CloseReason.LOCAL, CloseReason.LOCAL);
        } catch (RuntimeException e) {
            close(CloseReason.ERROR, Fault.INTERNAL_ERROR);
        }
    }

    private static void parkUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
    }

    @Override
    public String toString() {
        return "Link[" + id + " " + session.peerId() + " " + session.role() + "]";
    }
}
