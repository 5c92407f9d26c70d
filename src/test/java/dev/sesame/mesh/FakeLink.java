package dev.sesame.mesh;

import dev.sesame.link.CloseReason;
import dev.sesame.link.LinkStats;
import dev.sesame.link.MessageLink;
import dev.sesame.link.PeerId;
import dev.sesame.transport.Via;
import java.util.Optional;
import dev.sesame.util.ReasonCode;
import dev.sesame.wire.PeerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link MessageLink} without a network: what the mesh sends is recorded, and the test makes
 * the peer's messages and the link's end arrive. Like {@code Link}, the listener hears of the
 * end exactly once. Not thread-safe: for the single-threaded {@link FakeLoop}.
 */
final class FakeLink implements MessageLink {
    private static final AtomicLong NEXT_ID = new AtomicLong(1_000_000);

    private final long id = NEXT_ID.getAndIncrement();
    private final PeerId peerId;
    private final String host;
    private final MessageLink.Listener listener;
    final List<PeerMessage> sent = new ArrayList<>();
    /** Most messages the fake accepts before {@link #send} answers "full" (a slow link). */
    int capacity = Integer.MAX_VALUE;
    boolean started;
    boolean flushClosing;
    private boolean closed;
    CloseReason closeReason;
    ReasonCode closeCause;

    /** How the link's pipe runs: a relayed one has no far-end host. */
    private final Via via;

    FakeLink(PeerId peerId, String host, MessageLink.Listener listener) {
        this(peerId, host, Via.DIRECT, listener);
    }

    FakeLink(PeerId peerId, String host, Via via, MessageLink.Listener listener) {
        this.peerId = peerId;
        this.host = host;
        this.via = via;
        this.listener = listener;
    }

    // ---- what the peer does

    /** A message from the peer arrives. */
    void receive(PeerMessage message) {
        if (!closed) listener.onMessage(this, message);
    }

    /** The connection ends from the other side (or the network). */
    void drop(CloseReason reason) {
        finish(reason, reason);
    }

    /** The messages sent of one type, in order. */
    <T extends PeerMessage> List<T> sent(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Takes {@code n} sent messages off the queue (they reached the wire). */
    void drain() {
        sent.clear();
    }

    /** The queue has room again after a refused send, as {@code Link}'s writer reports it. */
    void roomAgain() {
        if (!closed) listener.onRoom(this);
    }

    // ---- MessageLink

    @Override
    public long id() {
        return id;
    }

    @Override
    public PeerId peerId() {
        return peerId;
    }

    @Override
    public Via via() {
        return via;
    }

    @Override
    public String label() {
        return host + ":40000";
    }

    @Override
    public Optional<String> remoteHost() {
        return via == Via.DIRECT ? Optional.of(host) : Optional.empty();
    }

    @Override
    public byte[] safetyMaterial() {
        return new byte[32];
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public int queuedCells() {
        return sent.size();
    }

    @Override
    public LinkStats stats() {
        return new LinkStats();
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public boolean send(PeerMessage message) {
        if (closed || flushClosing || sent.size() >= capacity) return false;
        sent.add(message);
        return true;
    }

    @Override
    public void closeAfterFlush(Duration timeout) {
        flushClosing = true;
    }

    /** A link closing after its flush does so now (what was queued is on the wire). */
    void flushed() {
        if (flushClosing) finish(CloseReason.LOCAL, CloseReason.LOCAL);
    }

    @Override
    public void close(CloseReason reason, ReasonCode cause) {
        finish(reason, cause);
    }

    @Override
    public void abort() {
        finish(CloseReason.ABORTED, CloseReason.ABORTED);
    }

    private void finish(CloseReason reason, ReasonCode cause) {
        if (closed) return;
        closed = true;
        closeReason = reason;
        closeCause = cause;
        listener.onClosed(this, reason, cause);
    }
}
