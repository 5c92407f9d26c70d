package dev.sesame.mesh;

import dev.sesame.link.PeerId;
import dev.sesame.limits.Limits;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.HostPort;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One run of one node in the simulator (a restart is a new {@code SimNode} with a fresh PeerId,
 * as a real restart has): the same mesh parts {@link Mesh} wires, on a {@link SimLoop}, with
 * the simulated network as its dialler and a stand-in for the interface that shows each chat
 * message after a short delay and then lets its receipt go, as {@code Mesh.shown} does.
 */
final class SimNode implements LocalNode {
    private static final Duration TICK = Duration.ofSeconds(1);

    final int slot;
    final int incarnation;
    final PeerId id;
    final String host;
    final int port;
    final SimLoop loop;
    final PeerTable peers = new PeerTable();
    final AdmissionControl admission;
    final Discovery discovery;
    final Delivery delivery;
    final PeerLinks links;
    private final SimNetwork network;
    private final Random random;
    private final int configuredCount;
    private boolean leaving;
    /** Messages waiting for the stand-in interface to show them. */
    int unshown;

    SimNode(SimNetwork network, int slot, int incarnation, PeerId id, List<HostPort> configured) {
        this.network = network;
        this.slot = slot;
        this.incarnation = incarnation;
        this.id = id;
        this.host = SimNetwork.hostOf(slot);
        this.port = SimNetwork.portOf(slot);
        this.random = network.random;
        this.configuredCount = configured.size();
        this.loop = new SimLoop(network.scheduler);
        this.admission = new AdmissionControl(loop.clock(), Limits.DEFAULT_MAX_PEERS, Limits.DEFAULT_MAX_LINKS_PER_ADDRESS);
        this.discovery = new Discovery(peers, loop, this::dial, this, configured, Limits.DEFAULT_DELIVERY_TIMEOUT, random, this::event);
        this.delivery = new Delivery(peers, loop, this::event, this::newMessageId, Limits.DEFAULT_DELIVERY_TIMEOUT);
        this.links = new PeerLinks(peers, loop, this, discovery, delivery, admission, this::event);
    }

    void start() {
        loop.post(() -> {
            discovery.start();
            loop.schedule(TICK, this::tick);
        });
    }

    /** What {@code Mesh.tick} does, once a second. */
    private void tick() {
        links.tick(loop.now());
        delivery.tick();
        discovery.tick();
        admission.prune();
        loop.schedule(TICK, this::tick);
    }

    private MessageId newMessageId() {
        byte[] bytes = new byte[MessageId.BYTES];
        random.nextBytes(bytes);
        return new MessageId(bytes);
    }

    /** What {@code Mesh.dial} does before its dial thread: then the network plays the dial. */
    private void dial(DialTarget target) {
        target.dialing = true;
        discovery.dialState(target, MeshEvent.DialPhase.CONNECTING, Optional.empty());
        network.dial(this, target);
        // Now and then a second dial races the first, as a --peer address and an announced one for
        // the same peer can: the peer then sees two links from us (SPARE, REPLACED).
        if (random.nextInt(8) == 0) network.dial(this, target);
    }

    private void event(MeshEvent event) {
        network.ledger.event(this, event);
        if (event instanceof MeshEvent.ChatReceived chat) {
            // The interface shows it a little later; only then does the receipt go (docs/PROTOCOL.md §10).
            unshown++;
            loop.schedule(Duration.ofMillis(random.nextInt(50)), () -> {
                unshown--;
                network.ledger.shown(this, chat);
                links.shown(chat.from(), chat.id());
            });
        }
    }

    /** A chat from the person here: to everyone, or privately to {@code to}. */
    void say(String text, Duration ttl, Optional<PeerId> to) {
        loop.post(() -> network.ledger.sent(this, delivery.send(text, ttl, to)));
    }

    /** {@code /quit}: GOODBYE on every link, each closed once flushed (what {@code Mesh.leave} does). */
    void leave() {
        loop.post(() -> {
            leaving = true;
            for (dev.sesame.link.MessageLink link : links.all()) {
                link.send(new PeerMessage.Goodbye());
                link.closeAfterFlush(Limits.GOODBYE_FLUSH_TIMEOUT);
            }
        });
    }

    /** Its {@code --peer} addresses: dial targets for the whole run. */
    int configuredCount() {
        return configuredCount;
    }

    boolean isAlive() {
        return !loop.isClosed();
    }

    Endpoint endpoint() {
        return new Endpoint.Direct(new HostPort(host, port));
    }

    // ---- LocalNode

    @Override
    public PeerId ownId() {
        return id;
    }

    @Override
    public Optional<String> ownName() {
        return Optional.of("n" + slot);
    }

    @Override
    public int listenPort() {
        return port;
    }

    @Override
    public List<Endpoint> ownEndpoints() {
        return List.of(endpoint());
    }

    @Override
    public boolean canDial(Endpoint endpoint) {
        return endpoint instanceof Endpoint.Direct;
    }

    @Override
    public boolean torOnly() {
        return false;
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
    public void linkGone() {}

    @Override
    public String toString() {
        return "n" + slot + "." + incarnation;
    }
}
