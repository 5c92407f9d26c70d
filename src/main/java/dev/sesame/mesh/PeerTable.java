package dev.sesame.mesh;

import dev.sesame.link.PeerId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Every peer this run has authenticated, by id. Grows only when a handshake with the phrase
 * succeeds (so only members add entries), one entry per PeerId. Confined to the mesh loop.
 */
final class PeerTable {
    private final Map<PeerId, PeerEntry> peers = new HashMap<>();

    PeerEntry get(PeerId id) {
        return peers.get(id);
    }

    PeerEntry getOrCreate(PeerId id) {
        return peers.computeIfAbsent(id, PeerEntry::new);
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
