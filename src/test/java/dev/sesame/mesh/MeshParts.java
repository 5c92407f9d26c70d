package dev.sesame.mesh;

import dev.sesame.link.MessageLink;
import dev.sesame.link.PeerId;
import dev.sesame.link.RemoteAddress;
import dev.sesame.wire.MessageId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One node's mesh state (peer table, discovery, delivery, links) on a {@link FakeLoop}, with a
 * dialler that records what it is asked to dial and links that are {@link FakeLink}s. The
 * test plays the network: it answers dials, delivers messages and ends links.
 */
final class MeshParts implements LocalNode {
    final FakeLoop loop;
    final PeerId ownId;
    final int listenPort;
    final PeerTable peers = new PeerTable();
    final List<MeshEvent> events = new ArrayList<>();
    final List<DialTarget> dials = new ArrayList<>();
    /** The address of each dial, as it was when dialled. */
    final List<java.net.InetSocketAddress> dialled = new ArrayList<>();
    final List<FakeLink> opened = new ArrayList<>();
    final AdmissionControl admission;
    final Discovery discovery;
    final Delivery delivery;
    final PeerLinks links;
    boolean leaving;
    int linksGone;

    MeshParts(FakeLoop loop, PeerId ownId, int listenPort, List<HostPort> configured, long seed) {
        this.loop = loop;
        this.ownId = ownId;
        this.listenPort = listenPort;
        Random random = new Random(seed);
        this.admission = new AdmissionControl(loop.clock(), 32, 8);
        Dialler dialler = target -> {
            target.dialing = true;
            dials.add(target);
            dialled.add(target.address);
        };
        this.discovery = new Discovery(peers, loop, dialler, this, configured, Duration.ofMinutes(2), random);
        this.delivery = new Delivery(peers, loop, events::add, () -> {
            byte[] id = new byte[MessageId.BYTES];
            random.nextBytes(id);
            return new MessageId(id);
        }, Duration.ofMinutes(2));
        this.links = new PeerLinks(peers, loop, this, discovery, delivery, admission, events::add);
    }

    static PeerId id(int n) {
        byte[] b = new byte[PeerId.BYTES];
        b[0] = (byte) n;
        return new PeerId(b);
    }

    /** A link to {@code peer} arrives (IN) or a dial answered (OUT); returns the link it made, if any. */
    FakeLink connect(PeerId peer, RemoteAddress from, int peerListenPort, MeshEvent.Direction direction, DialTarget target) {
        if (direction == MeshEvent.Direction.IN) admission.admitIncoming(from.host());
        int before = opened.size();
        if (target != null) target.dialing = false;
        links.adopt(new LinkCandidate() {
            @Override
            public PeerId peerId() {
                return peer;
            }

            @Override
            public RemoteAddress remoteAddress() {
                return from;
            }

            @Override
            public int peerListenPort() {
                return peerListenPort;
            }

            @Override
            public MessageLink open(MessageLink.Listener listener) {
                FakeLink link = new FakeLink(peer, from, peerListenPort, listener);
                opened.add(link);
                return link;
            }

            @Override
            public void refuse() {}
        }, direction, target);
        loop.runReady();
        return opened.size() > before ? opened.getLast() : null;
    }

    <T extends MeshEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    // ---- LocalNode

    @Override
    public PeerId ownId() {
        return ownId;
    }

    @Override
    public Optional<String> ownName() {
        return Optional.empty();
    }

    @Override
    public int listenPort() {
        return listenPort;
    }

    @Override
    public boolean isLeaving() {
        return leaving;
    }

    @Override
    public String addressOf(PeerEntry peer) {
        return peer.listenAddress == null ? "" : RemoteAddress.of(peer.listenAddress).toString();
    }

    @Override
    public void linkGone() {
        linksGone++;
    }

}
