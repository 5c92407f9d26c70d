package dev.sesame.mesh;

import dev.sesame.link.PeerId;
import dev.sesame.wire.Endpoint;
import java.util.List;
import java.util.Optional;

/** Everything the mesh knows about one peer in this run. Confined to the mesh thread. */
final class PeerEntry {
    final PeerId id;
    final Outbox outbox = new Outbox();
    final SeenIds seen = new SeenIds();
    Optional<String> name = Optional.empty();
    /** The link that carries this peer now, if any. */
    ActiveLink link;
    /** True between the first profile on a link and that link's end. */
    boolean up;
    boolean saidGoodbye;
    /** Where the peer can be reached (its HELLO's endpoints, completed with its host as seen), for redialling and PEERS. */
    List<Endpoint> endpoints = List.of();
    long downSinceNanos;
    /** Non-zero while the peer's link was replaced (REPLACED) and we wait for the winning link until then. */
    long awaitingReplacementUntil;
    boolean everUp;
    /** Why the last link ended (a {@code peer_down} reason), for {@code /peers}. */
    PeerDownReason lastDownReason = PeerDownReason.CLOSED;

    PeerEntry(PeerId id) {
        this.id = id;
    }

    boolean linked() {
        return link != null && up;
    }
}
