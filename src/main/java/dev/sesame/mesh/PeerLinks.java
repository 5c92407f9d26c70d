package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.link.CloseReason;
import dev.sesame.link.Connector;
import dev.sesame.link.Link;
import dev.sesame.link.PeerId;
import dev.sesame.transport.Via;
import dev.sesame.wire.PeerMessage;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The links of the mesh and what they carry: adopting a new link (or resolving it against an
 * existing one to the same peer), the messages that arrive on links, and links ending, which
 * is when a peer goes down unless another link carries it on.
 *
 * <p>Confined to the mesh thread, except {@link #all()} which any thread may call (a panic
 * aborts every link from the caller's thread).
 */
final class PeerLinks {
    private final Mesh mesh;
    private final Map<Long, ActiveLink> links = new HashMap<>();

    PeerLinks(Mesh mesh) {
        this.mesh = mesh;
    }

    /** Every link open now. Thread-safe. */
    List<Link> all() {
        synchronized (links) {
            return links.values().stream().map(a -> a.link).toList();
        }
    }

    /**
     * A handshake succeeded: make it the peer's link, unless a better one exists. {@code ticket}
     * is the incoming handshake's admission (null for a link we dialled); from here on this
     * method, then the link, owns it.
     */
    void adopt(Connector.Authenticated authenticated, MeshEvent.Direction direction, DialTarget target, AdmissionTicket ticket) {
        PeerId peerId = authenticated.session().peerId();
        boolean incoming = direction == MeshEvent.Direction.IN;
        if (target != null) mesh.discovery.answered(target, peerId);
        PeerEntry entry = mesh.peers.get(peerId);
        String refusal = mesh.isLeaving() ? "mesh.isLeaving()" : entry != null && entry.saidGoodbye ? "peer_left" : null;
        if (refusal == null) {
            if (incoming) {
                if (!ticket.becomeLink()) refusal = "too_many_peers";
            } else {
                ticket = mesh.admission.openOutgoing(authenticated.channel().source()).orElse(null);
                if (ticket == null) refusal = "too_many_peers";
            }
        }
        if (refusal != null) {
            if (ticket != null) ticket.close();
            authenticated.session().ratchet().close(); // no Link will own it: zero its keys now
            authenticated.channel().close();
            if (!mesh.isLeaving()) mesh.emit(new MeshEvent.Rejected(authenticated.channel().label(), refusal));
            return;
        }
        if (entry == null) {
            entry = new PeerEntry(peerId);
            mesh.peers.put(peerId, entry);
        }
        entry.endpoints = AnnouncedEndpoints.ofHello(authenticated.session().peerEndpoints(), authenticated.channel().remoteHost());
        if (incoming) mesh.discovery.incomingFrom(peerId, entry.endpoints);

        PeerEntry peer = entry;
        // At most this many of the link's messages wait for the mesh thread: a member that floods
        // stalls its own link's reader (and so, through TCP, itself), not the mesh's memory or the
        // other links (docs/SECURITY.md, "Failure policy": a flooding member).
        java.util.concurrent.Semaphore waiting = new java.util.concurrent.Semaphore(Limits.MAX_WAITING_MESSAGES_PER_LINK);
        Link link = new Link(authenticated.channel(), authenticated.session(), mesh.shape, new Link.Listener() {
            @Override
            public void onMessage(Link l, PeerMessage message) {
                try {
                    while (!waiting.tryAcquire(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        if (!l.isOpen()) return; // closed while it waited: nothing left to deliver to
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                mesh.post(() -> {
                    try {
                        received(l, message);
                    } finally {
                        waiting.release();
                    }
                });
            }

            @Override
            public void onClosed(Link l, CloseReason reason, String detail) {
                mesh.post(() -> closed(l, reason, detail));
            }
        });
        ActiveLink active = new ActiveLink(link, direction, mesh.clock.nanoTime(), ticket);
        ActiveLink existing = peer.link;
        if (existing != null && existing.link.isOpen()) {
            if (existing.direction == direction && incoming && existing.link.via() == link.via()) {
                // The peer dialled both: it alone decides which one to close (the order in which
                // the two ends finished their handshakes may differ). Carry the peer on the newer
                // one and keep the older as a spare until the peer closes one of them.
                existing.role = ActiveLink.Role.SPARE;
                peer.link = active;
            } else if (keepNew(existing, active, peerId)) {
                existing.role = ActiveLink.Role.CLOSING;
                peer.link = active;
                retire(existing.link);
                mesh.emit(new MeshEvent.DuplicateLink(peerId, active.direction.code(), active.link.via()));
            } else {
                // The peer may have finished this link first and carry us on it: tell it, on the
                // link itself, that it is replaced, so it waits for the winner instead of going down.
                active.role = ActiveLink.Role.CLOSING;
                register(active);
                startLink(active);
                link.send(new PeerMessage.Profile(mesh.ownName().orElse("")));
                retire(link);
                mesh.emit(new MeshEvent.DuplicateLink(peerId, existing.direction.code(), existing.link.via()));
                return;
            }
        } else {
            peer.link = active;
            peer.awaitingReplacementUntil = 0;
        }
        register(active);
        startLink(active);
        link.send(new PeerMessage.Profile(mesh.ownName().orElse("")));
        if (link.via() == Via.RELAY) mesh.discovery.relayedPeer(peer); // keep trying direct (§12)
        if (peer.up) {
            mesh.discovery.announceTo(link, peer.id);
            mesh.delivery.flush(peer);
        }
    }

    /** Closes a losing duplicate, first telling the peer it is replaced (see {@link PeerMessage.Replaced}). */
    private void retire(Link link) {
        link.send(new PeerMessage.Replaced());
        link.closeAfterFlush(Limits.GOODBYE_FLUSH_TIMEOUT);
    }

    private void register(ActiveLink active) {
        synchronized (links) {
            links.put(active.link.id(), active);
        }
    }

    private void startLink(ActiveLink active) {
        try {
            active.link.start();
        } catch (IOException e) {
            active.link.close(CloseReason.ERROR, "could not start");
        }
    }

    /**
     * Of two links to one peer, both ends keep the one dialled by the smaller PeerId; when one
     * side dialled both (a reconnect racing a stale link), the newer one wins.
     */
    private boolean keepNew(ActiveLink old, ActiveLink fresh, PeerId peerId) {
        // Direct beats relay (docs/PROTOCOL.md §12); both ends see the same via on each link.
        if (old.link.via() != fresh.link.via()) {
            if (fresh.link.via() == Via.DIRECT) return true;
            if (old.link.via() == Via.DIRECT) return false;
        }
        PeerId smaller = mesh.ownId().compareTo(peerId) < 0 ? mesh.ownId() : peerId;
        PeerId oldDialer = old.direction == MeshEvent.Direction.OUT ? mesh.ownId() : peerId;
        PeerId freshDialer = fresh.direction == MeshEvent.Direction.OUT ? mesh.ownId() : peerId;
        if (oldDialer.equals(freshDialer)) return true;
        return freshDialer.equals(smaller);
    }

    private void received(Link link, PeerMessage message) {
        ActiveLink active = links.get(link.id());
        PeerEntry peer = mesh.peers.get(link.peerId());
        // No "is the link still open" check here: a message posted before the link's close (a
        // GOODBYE or REPLACED sent just before the peer hung up) must still be handled; the close
        // is posted after it, so it is handled next.
        if (active == null || peer == null || active.role == ActiveLink.Role.CLOSING) return;
        if (!active.profileReceived) {
            if (!(message instanceof PeerMessage.Profile profile)) {
                link.close(CloseReason.PROTOCOL, "expected_profile");
                return;
            }
            active.profileReceived = true;
            updateName(peer, profile.name(), !peer.up);
            if (!peer.up) {
                peer.up = true;
                peer.everUp = true;
                mesh.emit(new MeshEvent.PeerUp(peer.id, peer.name, mesh.addressOf(peer), active.direction, active.link.via()));
                mesh.discovery.peerSetChanged();
            }
            mesh.delivery.flush(peer);
            return;
        }
        switch (message) {
            case PeerMessage.Profile profile -> updateName(peer, profile.name(), false);
            case PeerMessage.Chat chat -> {
                // The receipt waits for the interface (Mesh.shown): a receipt means someone could read it.
                if (peer.seen.firstTime(chat.id())) {
                    mesh.emit(new MeshEvent.ChatReceived(peer.id, chat.id(), chat.text(), chat.privateMessage(), chat.ttlMillis()));
                } else if (peer.seen.shown(chat.id())) {
                    link.send(new PeerMessage.Receipt(chat.id()));
                }
            }
            case PeerMessage.Receipt receipt -> mesh.delivery.acknowledged(peer, receipt.id());
            case PeerMessage.Receipts receipts -> receipts.ids().forEach(id -> mesh.delivery.acknowledged(peer, id));
            case PeerMessage.Peers announced -> mesh.discovery.announced(peer, link.remoteHost(), announced);
            case PeerMessage.Replaced replaced -> {
                if (peer.link == active) peer.awaitingReplacementUntil = mesh.clock.nanoTime() + Limits.REPLACEMENT_GRACE.toNanos();
            }
            case PeerMessage.Goodbye goodbye -> {
                peer.saidGoodbye = true;
                mesh.discovery.forget(peer.id);
                mesh.delivery.peerLeft(peer);
                link.close(CloseReason.LOCAL, "goodbye");
            }
        }
    }

    private void updateName(PeerEntry peer, String raw, boolean first) {
        Optional<String> name = DisplayNames.sanitize(raw);
        if (name.equals(peer.name)) return;
        Optional<String> old = peer.name;
        peer.name = name;
        if (!first) mesh.emit(new MeshEvent.NameChanged(peer.id, old, name));
    }

    private void closed(Link link, CloseReason reason, String detail) {
        ActiveLink active;
        synchronized (links) {
            active = links.remove(link.id());
        }
        if (active == null) return;
        active.ticket.close();
        mesh.linkGone();
        if (reason == CloseReason.PROTOCOL || detail.startsWith("internal_error")) {
            mesh.emit(new MeshEvent.Rejected(link.label(), detail));
        }
        PeerEntry peer = mesh.peers.get(link.peerId());
        if (peer == null || active.role == ActiveLink.Role.CLOSING || peer.link != active) return;
        peer.link = null;
        if (peer.up && !peer.saidGoodbye && peer.awaitingReplacementUntil != 0) {
            // The peer closed this link because another one between us won; that one is still
            // finishing on our side. The peer stays up meanwhile (its messages wait in the outbox).
            peer.downSinceNanos = mesh.clock.nanoTime();
            return;
        }
        ActiveLink spare = spareOf(peer.id);
        if (spare != null && !peer.saidGoodbye) {
            // The peer closed the link we carried it on and kept the other: nothing went down.
            spare.role = ActiveLink.Role.CURRENT;
            peer.link = spare;
            if (spare.profileReceived) mesh.delivery.flush(peer);
            return;
        }
        if (peer.up) {
            peerDown(peer, peer.saidGoodbye ? "goodbye" : switch (reason) {
                case TIMEOUT -> "timeout";
                case PROTOCOL, ERROR -> "error";
                case DUPLICATE -> "duplicate";
                case LOCAL, CLOSED, ABORTED -> "closed";
            });
        } else if (!mesh.isLeaving() && !peer.saidGoodbye) {
            mesh.discovery.linkLost(peer);
        }
    }

    /** The peer has no link any more: report it down and start redialling it. */
    private void peerDown(PeerEntry peer, String reason) {
        peer.up = false;
        peer.lastDownReason = reason;
        peer.downSinceNanos = mesh.clock.nanoTime();
        if (mesh.isLeaving()) return;
        mesh.emit(new MeshEvent.PeerDown(peer.id, reason, (int) mesh.peers.values().stream().filter(PeerEntry::linked).count()));
        mesh.discovery.peerSetChanged();
        if (!peer.saidGoodbye) mesh.discovery.linkLost(peer);
    }

    private ActiveLink spareOf(PeerId peerId) {
        for (ActiveLink a : links.values()) {
            if (a.role == ActiveLink.Role.SPARE && a.link.isOpen() && a.link.peerId().equals(peerId)) return a;
        }
        return null;
    }

    /** Peers whose replacement link did not come in time go down; links that never sent a profile are closed. */
    void tick(long now) {
        for (PeerEntry peer : mesh.peers.values()) {
            if (peer.awaitingReplacementUntil != 0 && now - peer.awaitingReplacementUntil > 0) {
                peer.awaitingReplacementUntil = 0;
                if (peer.link == null && peer.up) peerDown(peer, "closed");
            }
        }
        for (ActiveLink a : List.copyOf(links.values())) {
            if (!a.profileReceived && now - a.startedNanos > Limits.PAKE_TIMEOUT.toNanos()) {
                a.link.close(CloseReason.PROTOCOL, "no_profile");
            }
        }
    }
}
