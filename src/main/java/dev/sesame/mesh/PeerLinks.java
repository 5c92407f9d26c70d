package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.link.CloseReason;
import dev.sesame.link.Connector;
import dev.sesame.link.MessageLink;
import dev.sesame.link.TrafficShape;
import dev.sesame.util.Fault;
import dev.sesame.util.ReasonCode;
import dev.sesame.link.PeerId;
import dev.sesame.transport.Via;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The links of the mesh and what they carry: adopting a new link (or resolving it against an
 * existing one to the same peer), the messages that arrive on links, and links ending, which
 * is when a peer goes down unless another link carries it on.
 *
 * <p>Confined to the mesh thread, except {@link #all()} which any thread may call (a panic
 * aborts every link from the caller's thread).
 */
final class PeerLinks {
    private final PeerTable peers;
    private final MeshLoop loop;
    private final LocalNode node;
    private final Discovery discovery;
    private final Delivery delivery;
    private final AdmissionControl admission;
    private final Consumer<MeshEvent> events;
    private final Map<Long, ActiveLink> links = new HashMap<>();

    PeerLinks(PeerTable peers, MeshLoop loop, LocalNode node, Discovery discovery, Delivery delivery,
              AdmissionControl admission, Consumer<MeshEvent> events) {
        this.peers = peers;
        this.loop = loop;
        this.node = node;
        this.discovery = discovery;
        this.delivery = delivery;
        this.admission = admission;
        this.events = events;
    }

    /** Every link open now. Thread-safe. */
    List<MessageLink> all() {
        synchronized (links) {
            return links.values().stream().map(a -> a.link).toList();
        }
    }

    /**
     * A handshake succeeded: make it the peer's link, unless a better one exists. {@code ticket}
     * is the incoming handshake's admission (null for a link we dialled); from here on this
     * method, then the link, owns it.
     */
    void adopt(Connector.Authenticated authenticated, MeshEvent.Direction direction, DialTarget target, AdmissionTicket ticket,
               TrafficShape shape) {
        adopt(LinkCandidate.of(authenticated, shape), direction, target, ticket);
    }

    /** {@code target} is the dial that made it (null for an incoming link, which brings its {@code ticket}). */
    void adopt(LinkCandidate candidate, MeshEvent.Direction direction, DialTarget target, AdmissionTicket ticket) {
        PeerId peerId = candidate.peerId();
        boolean incoming = direction == MeshEvent.Direction.IN;
        if (target != null) discovery.answered(target, peerId);
        PeerEntry entry = peers.get(peerId);
        Refusal refusal = node.isLeaving() ? Refusal.LEAVING
                : entry != null && entry.saidGoodbye ? Refusal.PEER_LEFT
                : peers.isForgotten(peerId) ? Refusal.FORGOTTEN : null;
        if (refusal == null) {
            if (incoming) {
                if (!ticket.becomeLink()) refusal = Refusal.TOO_MANY_PEERS;
            } else {
                ticket = admission.openOutgoing(candidate.source()).orElse(null);
                if (ticket == null) refusal = Refusal.TOO_MANY_PEERS;
            }
        }
        // Last, because making room forgets someone: only for a peer every other rule admits.
        if (refusal == null && !peers.roomFor(peerId)) refusal = Refusal.TOO_MANY_PEERS;
        if (refusal != null) {
            if (ticket != null) ticket.close();
            candidate.refuse(); // no link will own it: zero its keys now
            if (!node.isLeaving()) events.accept(new MeshEvent.Rejected(candidate.label(), refusal));
            return;
        }
        entry = peers.getOrCreate(peerId);
        entry.endpoints = AnnouncedEndpoints.ofHello(candidate.peerEndpoints(), candidate.remoteHost());
        if (incoming) discovery.incomingFrom(peerId, entry.endpoints);

        PeerEntry peer = entry;
        // At most this many of the link's messages wait for the mesh thread: a member that floods
        // stalls its own link's reader (and so, through TCP, itself), not the mesh's memory or the
        // other links (docs/SECURITY.md, "Failure policy": a flooding member).
        java.util.concurrent.Semaphore waiting = new java.util.concurrent.Semaphore(Limits.MAX_WAITING_MESSAGES_PER_LINK);
        MessageLink link = candidate.open(new MessageLink.Listener() {
            @Override
            public void onMessage(MessageLink l, PeerMessage message) {
                try {
                    while (!waiting.tryAcquire(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        if (!l.isOpen()) return; // closed while it waited: nothing left to deliver to
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                // After the mesh closed nothing is left to act on the message (no receipt goes out for it).
                boolean queued = loop.post(() -> {
                    try {
                        received(l, message);
                    } finally {
                        waiting.release();
                    }
                });
                if (!queued) waiting.release();
            }

            @Override
            public void onClosed(MessageLink l, CloseReason reason, ReasonCode cause) {
                loop.post(() -> closed(l, reason, cause));
            }

            @Override
            public void onRoom(MessageLink l) {
                loop.post(() -> delivery.roomOnLink(peer, l));
            }
        });
        ActiveLink active = new ActiveLink(link, direction, loop.now(), ticket);
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
                events.accept(new MeshEvent.DuplicateLink(peerId, active.direction.code(), active.link.via()));
            } else {
                // The peer may have finished this link first and carry us on it: tell it, on the
                // link itself, that it is replaced, so it waits for the winner instead of going down.
                active.role = ActiveLink.Role.CLOSING;
                register(active);
                startLink(active);
                link.send(new PeerMessage.Profile(node.ownName().orElse("")));
                retire(link);
                events.accept(new MeshEvent.DuplicateLink(peerId, existing.direction.code(), existing.link.via()));
                return;
            }
        } else {
            peer.link = active;
            peer.awaitingReplacementUntil = 0;
        }
        register(active);
        startLink(active);
        link.send(new PeerMessage.Profile(node.ownName().orElse("")));
        if (link.via() == Via.RELAY) discovery.relayedPeer(peer); // keep trying direct (§12)
        if (peer.up) {
            discovery.announceTo(link, peer.id);
            delivery.flush(peer);
        }
    }

    /** Closes a losing duplicate, first telling the peer it is replaced (see {@link PeerMessage.Replaced}). */
    private void retire(MessageLink link) {
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
            active.link.close(CloseReason.ERROR, CloseReason.ERROR);
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
        PeerId smaller = node.ownId().compareTo(peerId) < 0 ? node.ownId() : peerId;
        PeerId oldDialer = old.direction == MeshEvent.Direction.OUT ? node.ownId() : peerId;
        PeerId freshDialer = fresh.direction == MeshEvent.Direction.OUT ? node.ownId() : peerId;
        if (oldDialer.equals(freshDialer)) return true;
        return freshDialer.equals(smaller);
    }

    private void received(MessageLink link, PeerMessage message) {
        ActiveLink active = links.get(link.id());
        PeerEntry peer = peers.get(link.peerId());
        // No "is the link still open" check here: a message posted before the link's close (a
        // GOODBYE or REPLACED sent just before the peer hung up) must still be handled; the close
        // is posted after it, so it is handled next.
        if (active == null || peer == null || active.role == ActiveLink.Role.CLOSING) return;
        if (!active.profileReceived) {
            if (!(message instanceof PeerMessage.Profile profile)) {
                link.close(CloseReason.PROTOCOL, Refusal.EXPECTED_PROFILE);
                return;
            }
            active.profileReceived = true;
            updateName(peer, profile.name(), !peer.up);
            if (!peer.up) {
                peer.up = true;
                peer.everUp = true;
                events.accept(new MeshEvent.PeerUp(peer.id, peer.name, node.addressOf(peer), active.direction, active.link.via()));
                discovery.peerSetChanged();
            }
            delivery.flush(peer);
            return;
        }
        switch (message) {
            case PeerMessage.Profile profile -> updateName(peer, profile.name(), false);
            case PeerMessage.Chat chat -> {
                // The receipt waits for the interface (Mesh.shown): a receipt means someone could read it.
                if (peer.seen.firstTime(chat.id())) {
                    events.accept(new MeshEvent.ChatReceived(peer.id, chat.id(), chat.text(), chat.privateMessage(), chat.ttlMillis()));
                } else if (peer.seen.shown(chat.id())) {
                    link.send(new PeerMessage.Receipt(chat.id()));
                }
            }
            case PeerMessage.Receipt receipt -> delivery.acknowledged(peer, receipt.id());
            case PeerMessage.Receipts receipts -> receipts.ids().forEach(id -> delivery.acknowledged(peer, id));
            case PeerMessage.Peers announced -> discovery.announced(peer, link.remoteHost(), announced);
            case PeerMessage.Replaced replaced -> {
                if (peer.link == active) peer.awaitingReplacementUntil = loop.now() + Limits.REPLACEMENT_GRACE.toNanos();
            }
            case PeerMessage.Goodbye goodbye -> {
                peer.saidGoodbye = true;
                discovery.forget(peer.id);
                delivery.peerLeft(peer);
                link.close(CloseReason.LOCAL, PeerDownReason.GOODBYE);
            }
        }
    }

    private void updateName(PeerEntry peer, String raw, boolean first) {
        Optional<String> name = DisplayNames.sanitize(raw);
        if (name.equals(peer.name)) return;
        Optional<String> old = peer.name;
        peer.name = name;
        if (!first) events.accept(new MeshEvent.NameChanged(peer.id, old, name));
    }

    private void closed(MessageLink link, CloseReason reason, ReasonCode cause) {
        ActiveLink active;
        synchronized (links) {
            active = links.remove(link.id());
        }
        if (active == null) return;
        active.ticket.close();
        node.linkGone();
        if (reason == CloseReason.PROTOCOL || cause == Fault.INTERNAL_ERROR) {
            events.accept(new MeshEvent.Rejected(link.label(), cause));
        }
        PeerEntry peer = peers.get(link.peerId());
        if (peer == null || active.role == ActiveLink.Role.CLOSING || peer.link != active) return;
        peer.link = null;
        ActiveLink spare = spareOf(peer.id);
        if (spare != null && !peer.saidGoodbye) {
            // The peer closed the link we carried it on and kept the other: nothing went down. This
            // comes first: when the peer said REPLACED on the closed link, the winner it meant may be
            // this spare (its two ends finished in the other order), not a link still to come.
            spare.role = ActiveLink.Role.CURRENT;
            peer.link = spare;
            peer.awaitingReplacementUntil = 0;
            if (spare.profileReceived) delivery.flush(peer);
            return;
        }
        if (peer.up && !peer.saidGoodbye && peer.awaitingReplacementUntil != 0) {
            // The peer closed this link because another one between us won; that one is still
            // finishing on our side. The peer stays up meanwhile (its messages wait in the outbox).
            peer.downSinceNanos = loop.now();
            return;
        }
        if (peer.up) {
            peerDown(peer, peer.saidGoodbye ? PeerDownReason.GOODBYE : switch (reason) {
                case TIMEOUT -> PeerDownReason.TIMEOUT;
                case PROTOCOL, ERROR -> PeerDownReason.ERROR;
                case DUPLICATE -> PeerDownReason.DUPLICATE;
                case LOCAL, CLOSED, ABORTED -> PeerDownReason.CLOSED;
            });
        } else if (!node.isLeaving() && !peer.saidGoodbye) {
            discovery.linkLost(peer);
        }
    }

    /** The peer has no link any more: report it down and start redialling it. */
    private void peerDown(PeerEntry peer, PeerDownReason reason) {
        peer.up = false;
        peer.lastDownReason = reason;
        peer.downSinceNanos = loop.now();
        if (node.isLeaving()) return;
        events.accept(new MeshEvent.PeerDown(peer.id, reason, peers.linkedCount()));
        discovery.peerSetChanged();
        if (!peer.saidGoodbye) discovery.linkLost(peer);
    }

    private ActiveLink spareOf(PeerId peerId) {
        for (ActiveLink a : links.values()) {
            if (a.role == ActiveLink.Role.SPARE && a.link.isOpen() && a.link.peerId().equals(peerId)) return a;
        }
        return null;
    }

    /** Peers whose replacement link did not come in time go down; links that never sent a profile are closed. */
    /** The interface showed message {@code id} from {@code from}: its receipt goes now, if the peer is linked (Mesh.shown). */
    void shown(PeerId from, MessageId id) {
        PeerEntry peer = peers.get(from);
        if (peer == null || !peer.seen.markShown(id)) return;
        if (peer.linked()) peer.link.link.send(new PeerMessage.Receipt(id));
    }

    void tick(long now) {
        for (PeerEntry peer : peers.all()) {
            if (peer.awaitingReplacementUntil != 0 && now - peer.awaitingReplacementUntil > 0) {
                peer.awaitingReplacementUntil = 0;
                if (peer.link == null && peer.up) peerDown(peer, PeerDownReason.CLOSED);
            }
        }
        for (ActiveLink a : List.copyOf(links.values())) {
            if (!a.profileReceived && now - a.startedNanos > Limits.PAKE_TIMEOUT.toNanos()) {
                a.link.close(CloseReason.PROTOCOL, Refusal.NO_PROFILE);
            }
        }
    }
}
