package dev.sesame.ui.terminal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One logical line of the history pane: a message (ours or a peer's) or a system line. Text is
 * kept as it arrived and sanitised when drawn. Not thread-safe; confined to the UI thread.
 *
 * @param id        the message id, for delivery receipts and expiry; empty for system lines
 * @param peer      the sender's peer id (theirs), or the private message's recipient (ours)
 * @param expiresAt when a disappearing message is due to vanish
 * @param delivery  delivery state of a message we sent
 * @param peerName  what {@code peer} was called when the line was said: a rename later does not
 *                  relabel it; empty for a peer with no name then (its current label is used)
 * @param ownName   for our own lines, what we were called when we said it (empty: our current name)
 */
record HistoryEntry(Kind kind, Optional<String> id, Instant time, Optional<String> peer, String text,
                    boolean privateMessage, Optional<Instant> expiresAt, Optional<DeliveryState> delivery,
                    Optional<String> peerName, Optional<String> ownName) {

    HistoryEntry(Kind kind, Optional<String> id, Instant time, Optional<String> peer, String text, boolean privateMessage,
                 Optional<Instant> expiresAt, Optional<DeliveryState> delivery) {
        this(kind, id, time, peer, text, privateMessage, expiresAt, delivery, Optional.empty(), Optional.empty());
    }

    /** What the line is, which decides how it looks. */
    enum Kind { THEIRS, OURS, NOTICE, WARNING, ERROR }

    static HistoryEntry theirs(String id, Instant time, String from, String text, boolean privateMessage,
                               Optional<Instant> expiresAt) {
        return new HistoryEntry(Kind.THEIRS, Optional.of(id), time, Optional.of(from), text, privateMessage, expiresAt,
                Optional.empty());
    }

    /** A peer's message, with the name it was said under. */
    static HistoryEntry theirs(String id, Instant time, String from, Optional<String> name, String text,
                               boolean privateMessage, Optional<Instant> expiresAt) {
        return new HistoryEntry(Kind.THEIRS, Optional.of(id), time, Optional.of(from), text, privateMessage, expiresAt,
                Optional.empty(), name, Optional.empty());
    }

    static HistoryEntry ours(String id, Instant time, String text, boolean privateMessage, List<String> recipients,
                             Optional<Instant> expiresAt) {
        Optional<String> to = privateMessage && !recipients.isEmpty() ? Optional.of(recipients.getFirst()) : Optional.empty();
        return new HistoryEntry(Kind.OURS, Optional.of(id), time, to, text, privateMessage, expiresAt,
                Optional.of(new DeliveryState(recipients)));
    }

    /** The id of the echo line; never a message id, which is hex. */
    static final String ECHO_ID = "echo";

    /**
     * Our line as it is drawn the moment Enter is pressed: its {@code sent} event replaces it a few
     * milliseconds later, once the mesh has taken it. {@code to} is the {@code /query} target, if any.
     */
    static HistoryEntry echo(Instant time, String text, Optional<String> to) {
        return new HistoryEntry(Kind.OURS, Optional.of(ECHO_ID), time, to, text, to.isPresent(), Optional.empty(),
                Optional.of(DeliveryState.sending()));
    }

    /** The same line, with what its peer (sender, or a private message's recipient) was called then. */
    HistoryEntry withPeerName(Optional<String> name) {
        return new HistoryEntry(kind, id, time, peer, text, privateMessage, expiresAt, delivery, name, ownName);
    }

    /** The same line, with what we were called then. */
    HistoryEntry withOwnName(Optional<String> name) {
        return new HistoryEntry(kind, id, time, peer, text, privateMessage, expiresAt, delivery, peerName, name);
    }

    static HistoryEntry system(Kind kind, Instant time, String text) {
        if (kind == Kind.THEIRS || kind == Kind.OURS) throw new IllegalArgumentException("not a system kind: " + kind);
        return new HistoryEntry(kind, Optional.empty(), time, Optional.empty(), text, false, Optional.empty(),
                Optional.empty());
    }

    boolean hasId(String wanted) {
        return id.isPresent() && id.get().equals(wanted);
    }

    boolean expired(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }
}
