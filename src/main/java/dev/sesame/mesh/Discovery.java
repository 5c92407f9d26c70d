package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.util.ReasonCode;
import dev.sesame.link.MessageLink;
import dev.sesame.link.PeerId;
import dev.sesame.transport.Via;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.HostPort;
import dev.sesame.wire.PeerMessage;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.time.Duration;

/**
 * Who to dial, and when: the addresses given with {@code --peer} (for the whole run), and the
 * peers that linked peers announce (while someone still announces them, or for the delivery
 * timeout after we lost a direct link). Exponential backoff per address, at most
 * {@link Limits#MAX_CONCURRENT_DIALS} dials at once, at most {@link Limits#MAX_KNOWN_CANDIDATES}
 * announced candidates, never our own id or address. Confined to the mesh thread.
 */
final class Discovery {
    /** The larger id of a pair waits this long before dialling a discovered peer, so both rarely dial at once. */
    static final Duration LARGER_ID_DIAL_DELAY = Duration.ofSeconds(3);

    private final PeerTable peers;
    private final MeshLoop loop;
    private final Dialler dialler;
    private final LocalNode node;
    private final List<HostPort> configuredPeers;
    private final Duration deliveryTimeout;
    private final RandomGenerator random;
    private final Consumer<MeshEvent> events;
    private final List<DialTarget> configured = new ArrayList<>();
    private final Map<PeerId, DialTarget> announced = new HashMap<>();
    /** Members present at each relay that we dial (docs/PROTOCOL.md §12), by relay; replaced on each presence. */
    private final Map<String, List<DialTarget>> present = new HashMap<>();
    private double announcedDialTokens = Limits.ANNOUNCED_DIAL_BURST;
    private long tokensUpdatedNanos;

    Discovery(PeerTable peers, MeshLoop loop, Dialler dialler, LocalNode node, List<HostPort> configuredPeers,
              Duration deliveryTimeout, RandomGenerator random, Consumer<MeshEvent> events) {
        this.peers = peers;
        this.loop = loop;
        this.dialler = dialler;
        this.node = node;
        this.configuredPeers = List.copyOf(configuredPeers);
        this.deliveryTimeout = deliveryTimeout;
        this.random = random;
        this.events = events;
        this.tokensUpdatedNanos = loop.now();
    }

    void start() {
        for (HostPort hostPort : configuredPeers) {
            DialTarget target = DialTarget.configured(hostPort, random);
            configured.add(target);
            attempt(target);
        }
    }

    /** Dials now if the target is still wanted and a dial slot is free; the tick retries otherwise. */
    void attempt(DialTarget target) {
        if (!wanted(target) || target.dialing || target.scheduled) return;
        if (linkedThroughRelay(target)) target.moveToDirect(); // never a relayed endpoint for a peer the relay already carries
        if (dialsInFlight() >= Limits.MAX_CONCURRENT_DIALS) return;
        // A configured name is resolved by the TCP transport when dialled, never here.
        if (isOwnAddress(target.endpoint)) return; // "everyone lists everyone" includes ourselves
        if (target.configured.isEmpty() && !target.present && !takeAnnouncedDialToken()) return; // the tick tries again
        dialler.dial(target);
    }

    private boolean wanted(DialTarget target) {
        if (node.isLeaving() || target.stopped) return false;
        Optional<PeerId> peer = target.answeredBy.or(() -> target.announcedId);
        if (peer.isPresent()) {
            PeerEntry entry = peers.get(peer.get());
            if (entry != null && entry.saidGoodbye) return false;
            // Direct beats relay (docs/PROTOCOL.md §12): a peer linked only through a relay is
            // still dialled directly, in the background with backoff.
            if (entry != null && entry.link != null) return directUpgrade(entry, target);
        }
        if (target.present && target.answeredBy.isEmpty() && linkedPeerAt(target.endpoint)) return false;
        return target.configured.isPresent() || target.present || alive(target);
    }

    /** A peer linked now (by any link) announced this endpoint as its own: no need to dial it there. */
    private boolean linkedPeerAt(Endpoint endpoint) {
        for (PeerEntry e : peers.all()) {
            if (e.link != null && e.endpoints.contains(endpoint)) return true;
        }
        return false;
    }

    /**
     * A peer linked through a relay is dialled again only at a direct endpoint. The target may
     * also list the peer's relayed endpoint (a PEERS entry lists every endpoint of a peer), and a
     * failed dial moves on to the next candidate: that must not make the target unwanted, or it
     * is dropped at the next tick and the pair stays relayed for good.
     */
    private static boolean directUpgrade(PeerEntry entry, DialTarget target) {
        return entry.link.link.via() == Via.RELAY && target.hasDirect();
    }

    private boolean linkedThroughRelay(DialTarget target) {
        Optional<PeerId> peer = target.answeredBy.or(() -> target.announcedId);
        PeerEntry entry = peer.map(peers::get).orElse(null);
        return entry != null && entry.link != null && entry.link.link.via() == Via.RELAY;
    }

    /** The configured targets and the members present at relays: both are dialled for as long as they are wanted. */
    private List<DialTarget> standing() {
        List<DialTarget> all = new ArrayList<>(configured);
        for (List<DialTarget> atRelay : present.values()) all.addAll(atRelay);
        return all;
    }

    /** The relay {@code relay} lists these members for us to dial; members no longer listed are not dialled again. */
    void present(String relay, List<Endpoint> dial) {
        List<DialTarget> before = present.getOrDefault(relay, List.of());
        List<DialTarget> now = new ArrayList<>();
        for (Endpoint e : dial) {
            if (now.size() >= Limits.RELAY_MAX_MEMBERS_PER_ROOM) break;
            DialTarget target = before.stream().filter(t -> t.endpoint.equals(e)).findFirst()
                    .orElseGet(() -> DialTarget.present(e, random));
            now.add(target);
        }
        for (DialTarget t : before) {
            if (!now.contains(t)) t.stopped = true;
        }
        if (now.isEmpty()) present.remove(relay);
        else present.put(relay, now);
        for (DialTarget t : now) attempt(t);
    }

    /**
     * A link through a relay carries {@code peer} now: dial its direct endpoints in the
     * background, so that a direct link replaces the relayed one when one can be made.
     */
    void relayedPeer(PeerEntry peer) {
        List<Endpoint> direct = peer.endpoints.stream()
                .filter(e -> e instanceof Endpoint.Direct && !isOwnAddress(e) && node.canDial(e)).toList();
        if (direct.isEmpty()) return;
        DialTarget target = announced.get(peer.id);
        if (target == null) {
            if (announced.size() >= Limits.MAX_KNOWN_CANDIDATES) return;
            target = DialTarget.announced(peer.id, direct.getFirst(), random);
            announced.put(peer.id, target);
        }
        for (Endpoint e : direct) target.candidates.putIfAbsent(e, new java.util.HashSet<>());
        if (!(target.endpoint instanceof Endpoint.Direct)) target.endpoint = direct.getFirst();
        target.lastLinkedNanos = loop.now();
        attempt(target);
    }

    /** An announced peer is believed alive while a linked peer announces it, or shortly after we lost it. */
    private boolean alive(DialTarget target) {
        for (PeerId announcer : target.announcers()) {
            PeerEntry entry = peers.get(announcer);
            if (entry != null && entry.linked()) return true;
        }
        return target.lastLinkedNanos != 0
                && loop.now() - target.lastLinkedNanos < deliveryTimeout.toNanos();
    }

    private boolean takeAnnouncedDialToken() {
        long now = loop.now();
        announcedDialTokens = Math.min(Limits.ANNOUNCED_DIAL_BURST,
                announcedDialTokens + (double) (now - tokensUpdatedNanos) / Limits.ANNOUNCED_DIAL_REFILL.toNanos());
        tokensUpdatedNanos = now;
        if (announcedDialTokens < 1) return false;
        announcedDialTokens--;
        return true;
    }

    private int dialsInFlight() {
        int n = 0;
        for (DialTarget t : standing()) if (t.dialing) n++;
        for (DialTarget t : announced.values()) if (t.dialing) n++;
        return n;
    }

    void dialFailed(DialTarget target) {
        target.nextAddress();
        retryLater(target);
        if (!target.scheduled && !target.stopped) dialState(target, MeshEvent.DialPhase.IDLE, Optional.empty());
    }

    private void retryLater(DialTarget target) {
        if (!wanted(target) || target.scheduled) return;
        target.scheduled = true;
        java.time.Duration delay = target.backoff.next();
        int epoch = target.epoch;
        target.nextAttemptNanos = loop.now() + delay.toNanos();
        dialState(target, MeshEvent.DialPhase.RETRYING, Optional.empty());
        loop.schedule(delay, () -> {
            if (target.epoch != epoch) return; // /retry has dialled it since
            target.scheduled = false;
            attempt(target);
        });
    }

    /** Records and reports a dial target's new state (docs/HEADLESS.md, {@code dial}). */
    void dialState(DialTarget target, MeshEvent.DialPhase phase, Optional<ReasonCode> failure) {
        target.phase = phase;
        if (phase == MeshEvent.DialPhase.FAILED) target.lastFailure = failure;
        if (phase == MeshEvent.DialPhase.LINKED) target.lastFailure = Optional.empty();
        Optional<ReasonCode> reason = phase == MeshEvent.DialPhase.STOPPED ? failure : target.lastFailure;
        events.accept(new MeshEvent.Dial(target.label(), phase, reason, retryInMillis(target),
                phase == MeshEvent.DialPhase.LINKED ? target.answeredBy : Optional.empty(), target.configured.isPresent()));
    }

    /** Every dial target and its state now, for {@code /peers}. */
    List<MeshEvent.Dial> dialStates() {
        return targets().stream().map(t -> new MeshEvent.Dial(t.label(), t.phase, t.lastFailure, retryInMillis(t),
                t.answeredBy, t.configured.isPresent())).toList();
    }

    private long retryInMillis(DialTarget t) {
        return t.phase == MeshEvent.DialPhase.RETRYING ? Math.max(0, (t.nextAttemptNanos - loop.now()) / 1_000_000) : 0;
    }

    /** Every target, configured first (for {@code /peers}). */
    List<DialTarget> targets() {
        List<DialTarget> all = new ArrayList<>(standing());
        all.addAll(announced.values());
        return all;
    }

    /** {@code /connect HOST:PORT}: a configured target from now on; false when there are too many already. */
    boolean addConfigured(HostPort hostPort) {
        for (DialTarget t : configured) {
            if (t.configured.equals(Optional.of(hostPort))) {
                retryNow(t);
                return true;
            }
        }
        if (configured.size() >= Limits.MAX_CONFIGURED_TARGETS) return false;
        DialTarget target = DialTarget.configured(hostPort, random);
        configured.add(target);
        attempt(target);
        return true;
    }

    /** {@code /retry}: dial now, with the backoff forgotten; false when there is nothing to redial. */
    boolean retryNow(DialTarget target) {
        if (target.stopped || target.dialing) return false;
        target.epoch++;
        target.scheduled = false;
        target.backoff.reset();
        if (!wanted(target)) return false;
        attempt(target);
        return true;
    }

    /** A dial to {@code target} reached {@code peerId}. */
    void answered(DialTarget target, PeerId peerId) {
        target.answeredBy = Optional.of(peerId);
        target.backoff.reset();
        target.lastLinkedNanos = loop.now();
        if (target.announcedId.isPresent() && !target.announcedId.get().equals(peerId)) {
            // It passed the PAKE, so the link stays; but whoever announced this address was wrong:
            // never dial it for this id again, and try another announcer's address if there is one.
            target.answeredBy = Optional.empty();
            if (!target.dropAddress()) {
                target.stopped = true;
                dialState(target, MeshEvent.DialPhase.STOPPED, Optional.of(DialStop.ANSWERED_AS_SOMEONE_ELSE));
            }
            return;
        }
        dialState(target, MeshEvent.DialPhase.LINKED, Optional.empty());
    }

    /** An incoming link from {@code peerId}, which is reachable at {@code endpoints}. */
    void incomingFrom(PeerId peerId, List<Endpoint> endpoints) {
        for (DialTarget t : standing()) {
            if (endpoints.contains(AnnouncedEndpoints.canonical(t.endpoint))) {
                t.answeredBy = Optional.of(peerId);
                t.backoff.reset();
                if (t.phase != MeshEvent.DialPhase.LINKED) dialState(t, MeshEvent.DialPhase.LINKED, Optional.empty());
            }
        }
    }

    /** A peer's link ended without a goodbye: redial it. */
    void linkLost(PeerEntry peer) {
        boolean covered = false;
        for (DialTarget t : standing()) {
            if (t.answeredBy.equals(Optional.of(peer.id))) {
                covered = true;
                retryLater(t);
            }
        }
        if (covered) return;
        List<Endpoint> usable = peer.endpoints.stream().filter(e -> !isOwnAddress(e) && node.canDial(e)).toList();
        if (usable.isEmpty()) return;
        DialTarget target = announced.get(peer.id);
        if (target == null) {
            if (announced.size() >= Limits.MAX_KNOWN_CANDIDATES) return;
            target = DialTarget.announced(peer.id, usable.getFirst(), random);
            for (Endpoint e : usable.subList(1, usable.size())) target.candidates.putIfAbsent(e, new java.util.HashSet<>());
            announced.put(peer.id, target);
        }
        target.lastLinkedNanos = loop.now();
        retryLater(target);
    }

    /** The peer said goodbye: never dial it again in this run. */
    void forget(PeerId peerId) {
        for (DialTarget t : standing()) {
            if (t.answeredBy.equals(Optional.of(peerId))) stop(t, DialStop.PEER_LEFT);
        }
        DialTarget target = announced.get(peerId);
        if (target != null) stop(target, DialStop.PEER_LEFT);
    }

    private void stop(DialTarget target, DialStop why) {
        target.stopped = true;
        dialState(target, MeshEvent.DialPhase.STOPPED, Optional.of(why));
    }

    /** {@code from} (whose pipe we see coming from {@code fromHost}) lists the peers it has authenticated. */
    void announced(PeerEntry from, Optional<String> fromHost, PeerMessage.Peers message) {
        for (DialTarget t : announced.values()) t.forgetAnnouncer(from.id);
        for (PeerMessage.PeerAddress entry : message.peers()) {
            PeerId id = new PeerId(entry.peerId());
            if (id.equals(node.ownId())) continue;
            PeerEntry known = peers.get(id);
            if (known != null && known.saidGoodbye) continue;
            List<Endpoint> usable = new ArrayList<>();
            for (Endpoint e : entry.endpoints()) {
                Optional<Endpoint> endpoint = AnnouncedEndpoints.ofPeers(e, fromHost);
                if (endpoint.isEmpty() || isOwnAddress(endpoint.get()) || !node.canDial(endpoint.get())) continue;
                usable.add(endpoint.get());
            }
            if (usable.isEmpty()) continue;
            DialTarget target = announced.get(id);
            if (target == null && usable.stream().anyMatch(this::dialledElsewhere)) continue; // a --peer target covers it
            if (target != null) {
                for (Endpoint e : usable) target.announcedBy(from.id, e);
                continue;
            }
            if (announced.size() >= Limits.MAX_KNOWN_CANDIDATES) continue;
            target = DialTarget.announced(id, usable.getFirst(), random);
            for (Endpoint e : usable) target.announcedBy(from.id, e);
            announced.put(id, target);
            if (node.ownId().compareTo(id) < 0) {
                attempt(target);
            } else {
                DialTarget later = target;
                later.scheduled = true;
                loop.schedule(LARGER_ID_DIAL_DELAY, () -> {
                    later.scheduled = false;
                    attempt(later);
                });
            }
        }
    }

    private boolean dialledElsewhere(Endpoint endpoint) {
        for (DialTarget t : configured) {
            if (endpoint.equals(AnnouncedEndpoints.canonical(t.endpoint))) return true;
        }
        return false;
    }

    /** One of our own endpoints: a direct one on our port at one of our addresses, or one we announce. */
    boolean isOwnAddress(Endpoint endpoint) {
        if (endpoint == null) return false;
        if (node.ownEndpoints().contains(endpoint)) return true;
        if (!(endpoint instanceof Endpoint.Direct(HostPort hp)) || hp.port() != node.listenPort()) return false;
        Optional<InetAddress> host = AnnouncedEndpoints.literal(hp.host());
        if (host.isEmpty()) return false; // a configured name: the handshake refuses a self-connection
        if (host.get().isLoopbackAddress() || host.get().isAnyLocalAddress()) return true;
        try {
            return NetworkInterface.getByInetAddress(host.get()) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** The set of linked peers changed: tell every linked peer. */
    void peerSetChanged() {
        for (PeerEntry e : peers.all()) {
            if (e.linked()) announceTo(e.link.link, e.id);
        }
    }

    void announceTo(MessageLink link, PeerId recipient) {
        List<PeerMessage.PeerAddress> list = new ArrayList<>();
        for (PeerEntry e : peers.all()) {
            if (!e.linked() || e.id.equals(recipient) || e.endpoints.isEmpty()) continue;
            if (list.size() >= Limits.MAX_ANNOUNCED_PEERS) break;
            // Over Tor only onion endpoints are passed on: no IP address ever (docs/SECURITY.md "Tor").
            List<Endpoint> endpoints = AnnouncedEndpoints.toAnnounce(e.endpoints, node.torOnly());
            if (endpoints.isEmpty()) continue;
            list.add(new PeerMessage.PeerAddress(e.id.bytes(), endpoints));
        }
        link.send(new PeerMessage.Peers(list));
    }

    /** Announced candidates remembered now (bounded by {@link Limits#MAX_KNOWN_CANDIDATES}). */
    int candidateCount() {
        return announced.size();
    }

    void tick() {
        announced.values().removeIf(t -> !t.dialing && !t.scheduled && !wanted(t) && !t.stopped);
        for (DialTarget t : standing()) attempt(t);
        for (DialTarget t : List.copyOf(announced.values())) attempt(t);
    }
}
