package dev.sesame.ui.terminal;

import dev.sesame.link.TrafficShape;
import java.util.Optional;

/**
 * What the status bar reports about this session, as the events tell it. Not thread-safe;
 * confined to the UI thread.
 */
final class SessionStatus {
    final boolean decoy;
    final TrafficShape shape;
    boolean ready;
    boolean leaving;
    String fingerprint = "";
    String listen = "";
    /** --tor: every link goes through Tor, {@link #listen} is the onion address. */
    boolean tor;
    Optional<Long> ttlSeconds = Optional.empty();
    /** Peers known in this run that have not left, once the mesh has said. */
    Optional<Integer> known = Optional.empty();
    /** The {@code /query} target's peer id, while plain lines go privately to it. */
    Optional<String> query = Optional.empty();
    /** Work that holds the start up (deriving the phrase key), until the node is ready. */
    Optional<String> busy = Optional.empty();
    /** Every dial target's state. */
    final DialBoard dials = new DialBoard();
    /** Pasted lines not yet handed to the mesh. */
    int queuedLines;

    SessionStatus(boolean decoy, TrafficShape shape) {
        this.decoy = decoy;
        this.shape = shape;
    }
}
