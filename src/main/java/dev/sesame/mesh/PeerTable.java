package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.link.PeerId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every peer this run has authenticated, by id. Grows only when a handshake with the phrase
 * succeeds (so only members add entries), one entry per PeerId, and at most
 * {@link Limits#MAX_PEER_TABLE}: past that the peer down longest with nothing pending for it is
 * forgotten. A forgotten id stays refused, because its remembered message ids went with it and
 * a message it resent could otherwise be shown twice. Confined to the mesh loop.
 */
final class PeerTable {
    private final Map<PeerId, PeerEntry> peers = new HashMap<>();
    private final Set<PeerId> forgotten = new LinkedHashSet<>();

    PeerEntry get(PeerId id) {
        return peers.get(id);
    }

    /** The entry for {@code id}; call {@link #roomFor} first for an id that may be new. */
    PeerEntry getOrCreate(PeerId id) {
        return peers.computeIfAbsent(id, PeerEntry::new);
    }

    /**
     * True if {@code id} has an entry or can have one now, forgetting the peer down longest
     * (no link, nothing in its outbox) when the table is full; false if every entry is still
     * linked or has messages pending.
     */
    boolean roomFor(PeerId id) {
        if (peers.containsKey(id) || peers.size() < Limits.MAX_PEER_TABLE) return true;
        PeerEntry longestDown = null;
        for (PeerEntry e : peers.values()) {
            if (e.link != null || e.up || e.outbox.size() > 0) continue;
            if (longestDown == null || e.downSinceNanos - longestDown.downSinceNanos < 0) longestDown = e;
        }
        if (longestDown == null) return false;
        peers.remove(longestDown.id);
        forgotten.add(longestDown.id);
        if (forgotten.size() > Limits.MAX_FORGOTTEN_PEERS) {
            Iterator<PeerId> oldest = forgotten.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** True if {@code id} was forgotten to keep the table bounded (it is refused for the rest of the run). */
    boolean isForgotten(PeerId id) {
        return forgotten.contains(id);
    }

    Collection<PeerEntry> all() {
        return peers.values();
    }

    /** Peers that have a link and whose profile arrived. */
    int linkedCount() {
        int n = 0;
        for (PeerEntry e : peers.values()) if (e.linked()) n++;
        return n;
    }

    int size() {
        return peers.size();
    }
}
