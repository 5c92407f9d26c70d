package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.wire.MessageId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last {@link Limits#MAX_REMEMBERED_MESSAGE_IDS} chat messages from one peer, so
 * that a message resent after a reconnect is acknowledged again but never shown twice.
 * Not thread-safe: confined to the mesh thread.
 */
final class SeenIds {
    private final Map<MessageId, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MessageId, Boolean> eldest) {
            return size() > Limits.MAX_REMEMBERED_MESSAGE_IDS;
        }
    };

    /** Records {@code id}; true when it is new. */
    boolean firstTime(MessageId id) {
        return seen.put(id, Boolean.TRUE) == null;
    }
}
