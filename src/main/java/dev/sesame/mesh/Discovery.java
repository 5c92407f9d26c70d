package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.link.MessageLink;
import dev.sesame.link.PeerId;
import dev.sesame.wire.PeerMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final List<DialTarget> configured = new ArrayList<>();
    private final Map<PeerId, DialTarget> announced = new HashMap<>();
    private double announcedDialTokens = Limits.ANNOUNCED_DIAL_BURST;
    private long tokensUpdatedNanos;

    Discovery(PeerTable peers, MeshLoop loop, Dialler dialler, LocalNode node, List<HostPort> configuredPeers,
              Duration deliveryTimeout, RandomGenerator random) {
        this.peers = peers;
        this.loop = loop;
        this.dialler = dialler;
        this.node = node;
        this.configuredPeers = List.copyOf(configuredPeers);
        this.deliveryTimeout = deliveryTimeout;
        this.random = random;
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
        if (dialsInFlight() >= Limits.MAX_CONCURRENT_DIALS) return;
        if (target.configured.isPresent()) {
            try {
                target.address = target.configured.get().resolve();
            } catch (UnknownHostException e) {
                retryLater(target);
                return;
            }
        }
        if (isOwnAddress(target.address)) return; // "everyone lists everyone" includes ourselves
        if (target.configured.isEmpty() && !takeAnnouncedDialToken()) return; // the tick tries again
        dialler.dial(target);
    }

    private boolean wanted(DialTarget target) {
        if (node.isLeaving() || target.stopped) return false;
        Optional<PeerId> peer = target.answeredBy.or(() -> target.announcedId);
        if (peer.isPresent()) {
            PeerEntry entry = peers.get(peer.get());
            if (entry != null && (entry.link != null || entry.saidGoodbye)) return false;
        }
        return target.configured.isPresent() || alive(target);
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
        for (DialTarget t : configured) if (t.dialing) n++;
        for (DialTarget t : announced.values()) if (t.dialing) n++;
        return n;
    }

    void dialFailed(DialTarget target) {
        target.nextAddress();
        retryLater(target);
    }

    private void retryLater(DialTarget target) {
        if (!wanted(target) || target.scheduled) return;
        target.scheduled = true;
        loop.schedule(target.backoff.next(), () -> {
            target.scheduled = false;
            attempt(target);
        });
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
            if (!target.dropAddress()) target.stopped = true;
        }
    }

    /** An incoming link from {@code peerId}, which listens at {@code listenAddress}. */
    void incomingFrom(PeerId peerId, InetSocketAddress listenAddress) {
        for (DialTarget t : configured) {
            if (listenAddress.equals(t.address)) {
                t.answeredBy = Optional.of(peerId);
                t.backoff.reset();
            }
        }
    }

    /** A peer's link ended without a goodbye: redial it. */
    void linkLost(PeerEntry peer) {
        boolean covered = false;
        for (DialTarget t : configured) {
            if (t.answeredBy.equals(Optional.of(peer.id))) {
                covered = true;
                retryLater(t);
            }
        }
        if (covered || peer.listenAddress == null || isOwnAddress(peer.listenAddress)) return;
        DialTarget target = announced.get(peer.id);
        if (target == null) {
            if (announced.size() >= Limits.MAX_KNOWN_CANDIDATES) return;
            target = DialTarget.announced(peer.id, peer.listenAddress, random);
            announced.put(peer.id, target);
        }
        target.lastLinkedNanos = loop.now();
        retryLater(target);
    }

    /** The peer said goodbye: never dial it again in this run. */
    void forget(PeerId peerId) {
        for (DialTarget t : configured) {
            if (t.answeredBy.equals(Optional.of(peerId))) t.stopped = true;
        }
        DialTarget target = announced.get(peerId);
        if (target != null) target.stopped = true;
    }

    /** {@code from} (reached at {@code fromHost}) lists the peers it has authenticated. */
    void announced(PeerEntry from, InetAddress fromHost, PeerMessage.Peers message) {
        for (DialTarget t : announced.values()) t.forgetAnnouncer(from.id);
        for (PeerMessage.PeerAddress entry : message.peers()) {
            PeerId id = new PeerId(entry.peerId());
            if (id.equals(node.ownId())) continue;
            PeerEntry known = peers.get(id);
            if (known != null && known.saidGoodbye) continue;
            Optional<InetSocketAddress> address = addressOf(entry, fromHost);
            if (address.isEmpty() || isOwnAddress(address.get())) continue;
            DialTarget target = announced.get(id);
            if (target == null && dialledElsewhere(address.get())) continue; // a --peer target covers it
            if (target != null) {
                target.announcedBy(from.id, address.get());
                continue;
            }
            if (announced.size() >= Limits.MAX_KNOWN_CANDIDATES) continue;
            target = DialTarget.announced(id, address.get(), random);
            target.announcedBy(from.id, address.get());
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

    private boolean dialledElsewhere(InetSocketAddress address) {
        for (DialTarget t : configured) {
            if (address.equals(t.address)) return true;
        }
        return false;
    }

    /**
     * The host in an announcement is as the announcer saw it; a loopback or wildcard host means
     * the announcer's own machine, so it is replaced by the announcer's address as we see it.
     */
    private static Optional<InetSocketAddress> addressOf(PeerMessage.PeerAddress entry, InetAddress fromHost) {
        if (entry.port() == 0) return Optional.empty();
        if (!entry.host().matches("[0-9A-Fa-f.:]+")) return Optional.empty();
        InetAddress host;
        try {
            // Literals only: ofLiteral never asks a resolver (getByName would look up "bad.cafe").
            host = InetAddress.ofLiteral(entry.host());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if ((host.isLoopbackAddress() || host.isAnyLocalAddress()) && !fromHost.isLoopbackAddress()) host = fromHost;
        return Optional.of(new InetSocketAddress(host, entry.port()));
    }

    boolean isOwnAddress(InetSocketAddress address) {
        if (address == null || address.getPort() != node.listenPort()) return false;
        InetAddress host = address.getAddress();
        if (host == null) return false;
        if (host.isLoopbackAddress() || host.isAnyLocalAddress()) return true;
        try {
            return NetworkInterface.getByInetAddress(host) != null;
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
            if (!e.linked() || e.id.equals(recipient) || e.listenAddress == null) continue;
            if (list.size() >= Limits.MAX_ANNOUNCED_PEERS) break;
            String host = e.link.link.remoteAddress().hostLiteral();
            list.add(new PeerMessage.PeerAddress(e.id.bytes(), host, e.link.link.peerListenPort()));
        }
        link.send(new PeerMessage.Peers(list));
    }

    /** Announced candidates remembered now (bounded by {@link Limits#MAX_KNOWN_CANDIDATES}). */
    int candidateCount() {
        return announced.size();
    }

    void tick() {
        announced.values().removeIf(t -> !t.dialing && !t.scheduled && !wanted(t) && !t.stopped);
        for (DialTarget t : configured) attempt(t);
        for (DialTarget t : List.copyOf(announced.values())) attempt(t);
    }
}
