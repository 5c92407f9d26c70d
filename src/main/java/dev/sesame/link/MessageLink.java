package dev.sesame.link;

import dev.sesame.util.ReasonCode;
import java.io.IOException;
import java.time.Duration;

/**
 * A link as the mesh uses it: messages in through its {@link Listener}, messages out through
 * {@link #send}. {@link Link} is the real one (TLS, ratchet, cells); tests and the mesh
 * simulator use fakes. Implementations are thread-safe.
 */
public interface MessageLink {
    /** Receives what a link delivers, on a thread of the link's own. */
    interface Listener {
        void onMessage(MessageLink link, dev.sesame.wire.PeerMessage message);

        /**
         * Called exactly once, whatever ends the link. {@code cause} is the finer reason: a wire
         * or ratchet rule the peer broke, {@code Fault.INTERNAL_ERROR}, a mesh refusal, or
         * {@code reason} itself.
         */
        void onClosed(MessageLink link, CloseReason reason, ReasonCode cause);

        /**
         * After {@link #send} answered "full", the queue has room again (half of it is free):
         * the caller may send what it kept back now instead of waiting for a timer. Called on a
         * thread of the link's own, at most once per refusal; must not block for long.
         */
        default void onRoom(MessageLink link) {}
    }

    /** Unique in this process; never reused. */
    long id();

    PeerId peerId();

    /** How the link's pipe reaches the peer (direct, relay, ...). */
    dev.sesame.transport.Via via();

    /** The pipe's printable label, for events. */
    String label();

    /** The far end's host literal, for direct pipes. */
    java.util.Optional<String> remoteHost();

    byte[] safetyMaterial();

    boolean isOpen();

    int queuedCells();

    LinkStats stats();

    /** Starts delivering and sending. */
    void start() throws IOException;

    /** Queues one message; false when the link is closed or its queue is full (the caller keeps it). */
    boolean send(dev.sesame.wire.PeerMessage message);

    /** Closes once everything queued is on the wire, or after {@code timeout}. */
    void closeAfterFlush(Duration timeout);

    void close(CloseReason reason, ReasonCode cause);

    /** Drops the connection without sending anything (panic). */
    void abort();
}
