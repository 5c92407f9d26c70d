package dev.sesame.mesh;

import dev.sesame.link.MessageLink;

/** A started link and what the mesh tracks about it. Confined to the mesh thread. */
final class ActiveLink {
    final MessageLink link;
    final MeshEvent.Direction direction;
    final long startedNanos;
    boolean profileReceived;
    Role role = Role.CURRENT;

    /** What this link is to its peer. */
    enum Role {
        /** The link that carries the peer. */
        CURRENT,
        /**
         * A second link the peer dialled while we already had one from it: the peer, as the
         * dialler of both, decides which to close; whichever survives carries the peer.
         */
        SPARE,
        /** Closed by us as a losing duplicate: its end is not the peer going down. */
        CLOSING
    }

    /** The link's admission state, released when the link ends (docs/SECURITY.md §Admission). */
    final AdmissionTicket ticket;

    ActiveLink(MessageLink link, MeshEvent.Direction direction, long startedNanos, AdmissionTicket ticket) {
        this.link = link;
        this.ticket = ticket;
        this.direction = direction;
        this.startedNanos = startedNanos;
    }
}
