package dev.sesame.mesh;

import dev.sesame.link.Link;

/** A started link and what the mesh tracks about it. Confined to the mesh thread. */
final class ActiveLink {
    final Link link;
    final MeshEvent.Direction direction;
    final long startedNanos;
    boolean profileReceived;
    /** Set when the mesh closed it as a losing duplicate: its end is not a peer going down. */
    boolean superseded;

    ActiveLink(Link link, MeshEvent.Direction direction, long startedNanos) {
        this.link = link;
        this.direction = direction;
        this.startedNanos = startedNanos;
    }
}
