package dev.sesame.ratchet;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Message keys kept for messages that were skipped (not yet received, possibly late or lost),
 * in the order they were stored.
 *
 * <p>Bounded: at most {@code capacity} keys; storing more evicts (and zeroes) the oldest first.
 * Within one chain keys are stored in increasing message number, so eviction always removes a
 * prefix of a chain's keys, which {@link RemoteChains} records to tell evicted from used keys.
 * A key is removed, and zeroed, when it is used.
 *
 * <p>Security guarantees: every key removed or evicted is closed at once; nothing else keeps a
 * reference to it. Not thread-safe; owned by one {@link RatchetState}.
 */
final class SkippedKeys implements AutoCloseable {
    /** The name of one message: the sender's ratchet key and the message number in its chain. */
    record MessageId(RatchetPublicKey ratchetKey, long messageNumber) {}

    /** A derived, not yet stored key. */
    record Entry(MessageId id, MessageKeys keys) {}

    private final LinkedHashMap<MessageId, MessageKeys> keys = new LinkedHashMap<>();
    private final int capacity;

    SkippedKeys(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive: " + capacity);
        this.capacity = capacity;
    }

    /** The stored key, still owned by this store (do not close it). */
    Optional<MessageKeys> find(MessageId id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** Deletes and zeroes a key, after it was used. */
    void remove(MessageId id) {
        MessageKeys removed = keys.remove(id);
        if (removed != null) removed.close();
    }

    /**
     * Stores {@code entries} in order (taking ownership), then evicts the oldest keys beyond the
     * capacity. Returns the ids of the evicted keys, oldest first.
     */
    List<MessageId> addAll(List<Entry> entries) {
        for (Entry entry : entries) {
            MessageKeys previous = keys.put(entry.id(), entry.keys());
            if (previous != null) previous.close(); // cannot happen: a skipped number is never skipped twice
        }
        List<MessageId> evicted = new ArrayList<>();
        Iterator<Map.Entry<MessageId, MessageKeys>> oldest = keys.entrySet().iterator();
        while (keys.size() > capacity) {
            Map.Entry<MessageId, MessageKeys> entry = oldest.next();
            entry.getValue().close();
            evicted.add(entry.getKey());
            oldest.remove();
        }
        return evicted;
    }

    int size() {
        return keys.size();
    }

    /** Ids in storage order, oldest first. */
    List<MessageId> ids() {
        return List.copyOf(keys.keySet());
    }

    SkippedKeys copy() {
        SkippedKeys copy = new SkippedKeys(capacity);
        keys.forEach((id, key) -> copy.keys.put(id, key.copy()));
        return copy;
    }

    void digestInto(MessageDigest digest) {
        digest.update(ByteBuffer.allocate(8).putInt(capacity).putInt(keys.size()).array());
        keys.forEach((id, key) -> {
            digest.update(id.ratchetKey().bytes());
            digest.update(ByteBuffer.allocate(8).putLong(id.messageNumber()).array());
            digest.update(key.digest());
        });
    }

    @Override
    public void close() {
        keys.values().forEach(MessageKeys::close);
        keys.clear();
    }

    @Override
    public String toString() {
        return "SkippedKeys[" + keys.size() + " of " + capacity + "]";
    }
}
