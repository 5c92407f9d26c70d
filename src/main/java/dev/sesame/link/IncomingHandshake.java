package dev.sesame.link;

import dev.sesame.util.ReasonCode;
import java.util.Optional;

/**
 * What the listener's admission hears about one incoming handshake as it advances, so that it
 * can tell a stalled connection from a real peer and give a real peer's slot priority
 * (docs/SECURITY.md §Junk connections). Called on the handshake's own thread.
 */
public interface IncomingHandshake {
    /** The pipe sent its first byte (within {@code Limits.FIRST_BYTE_TIMEOUT}). */
    default void firstByte() {}

    /**
     * TLS is up and the peer presented the certificate of {@code peer}. A present value refuses
     * the handshake now, with that reason.
     */
    default Optional<ReasonCode> tlsDone(PeerId peer) {
        return Optional.empty();
    }

    /**
     * The handshake's thread is about to block reading from the peer; {@link #heardPeer()} follows
     * when the read returns. Between the two the peer, not this node, is the one that is slow,
     * which is what a stalled connection is (docs/SECURITY.md §Junk connections). Called around
     * every read of the raw pipe, so it must be cheap.
     */
    default void awaitingPeer() {}

    /** A read from the peer returned (bytes, end of stream, or an error). */
    default void heardPeer() {}

    /** A flight of the phrase handshake arrived. */
    default void progressed() {}

    /** Our FINISH is about to go out: from here on the peer can check one phrase guess. */
    default void finishing() {}

    IncomingHandshake NONE = new IncomingHandshake() {};
}
