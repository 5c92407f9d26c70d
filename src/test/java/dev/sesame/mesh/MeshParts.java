package dev.sesame.mesh;

import dev.sesame.link.MessageLink;
import dev.sesame.link.PeerId;
import dev.sesame.transport.PipeSource;
import dev.sesame.transport.Via;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.HostPort;
import java.net.InetAddress;
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
    final List<Endpoint> dialled = new ArrayList<>();
    final List<FakeLink> opened = new ArrayList<>();
    final AdmissionControl admission;
    final Discovery discovery;
    final Delivery delivery;
    final PeerLinks links;
    boolean leaving;
    int linksGone;
    /** This node is a member at a relay too: it can dial relayed endpoints as well as direct ones. */
    boolean dialsRelays;

    MeshParts(FakeLoop loop, PeerId ownId, int listenPort, List<HostPort> configured, long seed) {
        this.loop = loop;
        this.ownId = ownId;
        this.listenPort = listenPort;
        Random random = new Random(seed);
        this.admission = new AdmissionControl(loop.clock(), 32, 8);
        Dialler dialler = target -> {
            target.dialing = true;
            dials.add(target);
            dialled.add(target.endpoint);
        };
        this.discovery = new Discovery(peers, loop, dialler, this, configured, Duration.ofMinutes(2), random, events::add);
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

    /** A direct endpoint at {@code host}:{@code port}. */
    static Endpoint at(String host, int port) {
        return new Endpoint.Direct(new HostPort(host, port));
    }

    /**
     * A link to {@code peer}, whose pipe comes from {@code host} and whose HELLO announced
     * {@code endpoints}, arrives (IN, through admission) or answers a dial (OUT); returns the
     * link it made, or null if it was refused.
     */
    FakeLink connect(PeerId peer, String host, List<Endpoint> endpoints, MeshEvent.Direction direction, DialTarget target) {
        return connect(peer, host, endpoints, direction, target, Via.DIRECT);
    }

    /** As above, over a pipe of {@code via} (a relayed pipe has no far-end host; {@code host} only labels it). */
    FakeLink connect(PeerId peer, String host, List<Endpoint> endpoints, MeshEvent.Direction direction, DialTarget target, Via via) {
        PipeSource source = PipeSource.Address.of(InetAddress.ofLiteral(host));
        AdmissionTicket ticket = null;
        if (direction == MeshEvent.Direction.IN) {
            if (!(admission.admitIncoming(source) instanceof AdmissionControl.Admitted(AdmissionTicket admitted))) return null;
            ticket = admitted;
        }
        int before = opened.size();
        if (target != null) target.dialing = false;
        links.adopt(new LinkCandidate() {
            @Override
            public PeerId peerId() {
                return peer;
            }

            @Override
            public PipeSource source() {
                return source;
            }

            @Override
            public String label() {
                return host + ":40000";
            }

            @Override
            public Optional<String> remoteHost() {
                return via == Via.DIRECT ? Optional.of(host) : Optional.empty();
            }

            @Override
            public List<Endpoint> peerEndpoints() {
                return endpoints;
            }

            @Override
            public MessageLink open(MessageLink.Listener listener) {
                FakeLink link = new FakeLink(peer, host, via, listener);
                opened.add(link);
                return link;
            }

            @Override
            public void refuse() {}
        }, direction, target, ticket);
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
        return peer.endpoints.isEmpty() ? "" : peer.endpoints.getFirst().toString();
    }

    @Override
    public List<Endpoint> ownEndpoints() {
        return List.of(at("127.0.0.1", listenPort));
    }

    @Override
    public boolean torOnly() {
        return false;
    }

    @Override
    public boolean canDial(Endpoint endpoint) {
        return endpoint instanceof Endpoint.Direct || (dialsRelays && endpoint instanceof Endpoint.Relayed);
    }

    @Override
    public void linkGone() {
        linksGone++;
    }

}
