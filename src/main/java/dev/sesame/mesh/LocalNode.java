package dev.sesame.mesh;

import dev.sesame.link.PeerId;
import java.util.Optional;

/** What the mesh's parts need to know about this node. Called on the mesh loop. */
interface LocalNode {
    PeerId ownId();

    Optional<String> ownName();

    /** The port this node listens on (0 before it listens). */
    int listenPort();

    /** Where this node can be reached (announced in HELLO). */
    java.util.List<dev.sesame.wire.Endpoint> ownEndpoints();

    /** True if some transport here can dial {@code endpoint}. */
    boolean canDial(dev.sesame.wire.Endpoint endpoint);

    /** True with {@code --tor}: only onion endpoints are announced (docs/SECURITY.md "Tor"). */
    boolean torOnly();

    /** True once the node said GOODBYE (or panicked): no new links, no redials. */
    boolean isLeaving();

    /** The address to show for a peer (its first endpoint, else its pipe's label). */
    String addressOf(PeerEntry peer);

    /** A link ended. */
    void linkGone();
}
