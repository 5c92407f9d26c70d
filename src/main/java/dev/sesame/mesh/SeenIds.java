package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.wire.MessageId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last {@link Limits#MAX_REMEMBERED_MESSAGE_IDS} chat messages from one peer, so
 * that a message resent after a reconnect is acknowledged again but never shown twice. Each id
 * also remembers whether the interface has shown it: only then may a resent copy be
 * acknowledged (docs/PROTOCOL.md §10).
 * Not thread-safe: confined to the mesh thread.
 */
final class SeenIds {
    private final Map<MessageId, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MessageId, Boolean> eldest) {
            return size() > Limits.MAX_REMEMBERED_MESSAGE_IDS;
        }
    };

    /** Records {@code id} (not shown yet); true when it is new. */
    boolean firstTime(MessageId id) {
        return seen.putIfAbsent(id, Boolean.FALSE) == null;
    }

    /** The interface has shown {@code id}; false if it was forgotten or never seen. */
    boolean markShown(MessageId id) {
        return seen.replace(id, Boolean.TRUE) != null;
    }

    /** True once the interface has shown {@code id}. */
    boolean shown(MessageId id) {
        return Boolean.TRUE.equals(seen.get(id));
    }
}
