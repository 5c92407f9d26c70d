package dev.sesame.relay;

import dev.sesame.link.TlsChannel;
import dev.sesame.relay.RelayMessage.MemberId;
import dev.sesame.transport.PipeSource;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One member's control connection at the relay. Records to the member go through a bounded
 * queue and a writer thread of its own, so a member that stops reading never blocks the relay or
 * anyone else: when its queue is full it is dropped. Thread-safe.
 */
final class ControlSession {
    private static final int QUEUE = 64;

    final byte[] roomKey;
    final MemberId memberId;
    final PipeSource.Address source;
    private final TlsChannel channel;
    private final BlockingQueue<RelayMessage> outbox = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Pipes, pending or spliced, this member takes part in (Limits.RELAY_MAX_PIPES_PER_MEMBER). */
    final AtomicInteger pipes = new AtomicInteger();

    ControlSession(byte[] roomKey, MemberId memberId, PipeSource.Address source, TlsChannel channel) {
        this.roomKey = roomKey;
        this.memberId = memberId;
        this.source = source;
        this.channel = channel;
    }

    void startWriter() {
        Thread.ofVirtual().name("relay-control-out").start(this::writeLoop);
    }

    /** Queues a record; a member whose queue is full is not reading, and is dropped. */
    void send(RelayMessage message) {
        if (!enqueue(message)) close();
    }

    /**
     * Queues a record without blocking and without I/O, so that {@link Rooms} can call it under
     * its lock: records then reach each member in the order the room changed. False means the
     * member is not reading; the caller closes it after letting go of the lock.
     */
    boolean enqueue(RelayMessage message) {
        return closed.get() || outbox.offer(message);
    }

    private void writeLoop() {
        OutputStream out = channel.output();
        try {
            while (!closed.get()) {
                RelayMessage next = outbox.take();
                if (closed.get()) return;
                out.write(RelayCodec.encode(next));
                out.flush();
            }
        } catch (IOException e) {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    boolean isOpen() {
        return !closed.get();
    }

    void close() {
        if (!closed.compareAndSet(false, true)) return;
        outbox.clear();
        outbox.offer(new RelayMessage.KeepAlive()); // wakes the writer so it ends
        channel.close();
    }
}
