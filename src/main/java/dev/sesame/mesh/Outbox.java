package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chat messages to one peer that it has not acknowledged yet. A message stays here from the
 * moment it is accepted until its receipt arrives, its delivery deadline passes, or the peer
 * leaves; whenever a link to the peer (re)starts, everything here is sent again (the receiver
 * drops duplicates by id). Bounded by {@link Limits#MAX_OUTBOX_PER_PEER}.
 * Not thread-safe: confined to the mesh thread.
 */
final class Outbox {
    /** One message awaiting its receipt. {@code ttlDeadlineNanos} is 0 for no TTL. */
    static final class Pending {
        final PeerMessage.Chat chat;
        final long acceptedNanos;
        final long ttlDeadlineNanos;
        /** The link it was last handed to (0: none yet). */
        long sentOnLink;

        Pending(PeerMessage.Chat chat, long acceptedNanos, long ttlDeadlineNanos) {
            this.chat = chat;
            this.acceptedNanos = acceptedNanos;
            this.ttlDeadlineNanos = ttlDeadlineNanos;
        }

        PeerMessage.Chat chat() {
            return chat;
        }

        long acceptedNanos() {
            return acceptedNanos;
        }
    }

    private final Map<MessageId, Pending> pending = new LinkedHashMap<>();
    /**
     * Messages not yet handed to link {@link #unsentFor}, oldest first, so that a send hands on
     * only what is new instead of walking the whole outbox (issue 13). It may still hold messages
     * that left the outbox since; {@link #nextUnsent} skips those.
     */
    private final ArrayDeque<Pending> unsent = new ArrayDeque<>();
    private long unsentFor;
    /** When the peer last took a message off this outbox (or it last started to fill). */
    private long lastProgressNanos;

    boolean isFull() {
        return pending.size() >= Limits.MAX_OUTBOX_PER_PEER;
    }

    void add(Pending message) {
        if (isFull()) throw new IllegalStateException("outbox full");
        if (pending.isEmpty()) lastProgressNanos = message.acceptedNanos();
        pending.put(message.chat().id(), message);
        // Entries that left the outbox are dropped here at the latest, so this stays within the outbox's bound.
        if (unsent.size() >= Limits.MAX_OUTBOX_PER_PEER) unsent.removeIf(p -> !isHere(p));
        unsent.add(message);
    }

    private boolean isHere(Pending p) {
        return pending.get(p.chat().id()) == p;
    }

    /**
     * The oldest message here not yet handed to link {@code linkId}, or null. When the link
     * changes, every message here counts as not handed on (a new link resends everything).
     */
    Pending nextUnsent(long linkId) {
        if (linkId != unsentFor) {
            unsent.clear();
            for (Pending p : pending.values()) if (p.sentOnLink != linkId) unsent.add(p);
            unsentFor = linkId;
        }
        Pending head;
        while ((head = unsent.peekFirst()) != null && (!isHere(head) || head.sentOnLink == linkId)) unsent.pollFirst();
        return head;
    }

    /** {@code message}, the one {@link #nextUnsent} returned, is now on link {@code linkId}. */
    void handedTo(Pending message, long linkId) {
        if (unsent.peekFirst() != message || unsentFor != linkId) throw new IllegalStateException("not the next unsent message");
        message.sentOnLink = linkId;
        unsent.pollFirst();
    }

    /** Removes the message; {@code nowNanos} counts as progress when it was here. */
    Optional<Pending> acknowledge(MessageId id, long nowNanos) {
        Pending removed = pending.remove(id);
        if (removed != null) lastProgressNanos = nowNanos;
        return Optional.ofNullable(removed);
    }

    /** Messages are waiting and none was acknowledged for {@code stalledAfterNanos}. */
    boolean stalled(long nowNanos, long stalledAfterNanos) {
        return !pending.isEmpty() && nowNanos - lastProgressNanos >= stalledAfterNanos;
    }

    /** Removes and returns messages accepted before {@code cutoffNanos}. */
    List<Pending> removeOlderThan(long cutoffNanos) {
        List<Pending> expired = new ArrayList<>();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.acceptedNanos() - cutoffNanos < 0) {
                expired.add(p);
                it.remove();
            }
        }
        return expired;
    }

    List<Pending> drain() {
        List<Pending> all = List.copyOf(pending.values());
        pending.clear();
        unsent.clear();
        return all;
    }

    int size() {
        return pending.size();
    }
}
