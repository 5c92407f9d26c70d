package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
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
    /** When the peer last took a message off this outbox (or it last started to fill). */
    private long lastProgressNanos;

    boolean isFull() {
        return pending.size() >= Limits.MAX_OUTBOX_PER_PEER;
    }

    void add(Pending message) {
        if (isFull()) throw new IllegalStateException("outbox full");
        if (pending.isEmpty()) lastProgressNanos = message.acceptedNanos();
        pending.put(message.chat().id(), message);
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

    List<Pending> all() {
        return List.copyOf(pending.values());
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
        return all;
    }

    int size() {
        return pending.size();
    }
}
