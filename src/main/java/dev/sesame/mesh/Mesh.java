package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.link.Connector;
import dev.sesame.link.HandshakeException;
import dev.sesame.link.Identity;
import dev.sesame.link.MessageLink;
import dev.sesame.link.LinkServer;
import dev.sesame.link.PeerId;
import dev.sesame.link.RemoteAddress;
import dev.sesame.link.TlsChannel;
import dev.sesame.link.TrafficShape;
import dev.sesame.util.Clock;
import dev.sesame.util.Fault;
import dev.sesame.util.ReasonCode;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.security.SecureRandom;

/**
 * This node's place in the mesh: the listener, every link, discovery and redialling, duplicate
 * resolution, and reliable delivery of chat messages (protocol-notes §8, {@code docs/PROTOCOL.md}).
 *
 * <p>All state is confined to one "mesh" thread; link threads, the accept loop, timers and
 * callers post work to it. Public methods are thread-safe and never block on the network.
 * Events go to the consumer given at construction, on the mesh thread.
 */
public final class Mesh implements AutoCloseable, LocalNode {
    private static final Duration TICK = Duration.ofSeconds(1);

    final MeshConfig config;
    final Identity identity;
    final Clock clock;
    final SecureRandom random;
    private final Connector connector;
    final TrafficShape shape;
    private final Consumer<MeshEvent> events;
    private final MeshThread thread;
    private final MeshLoop loop;
    final AdmissionControl admission;
    final PeerTable peers = new PeerTable();
    final PeerLinks links;
    final Discovery discovery;
    final Delivery delivery;
    private LinkServer server;
    private volatile int listenPort;
    private boolean leaving;
    private volatile boolean closed;
    private CompletableFuture<Void> leftAll;

    public Mesh(MeshConfig config, Identity identity, Connector connector, TrafficShape shape, Clock clock,
                SecureRandom random, ScheduledExecutorService timer, Consumer<MeshEvent> events) {
        this.config = config;
        this.identity = identity;
        this.connector = connector;
        this.shape = shape;
        this.clock = clock;
        this.random = random;
        this.events = events;
        // A bug in one task must not stop the mesh; it is reported, not swallowed.
        this.thread = new MeshThread(clock, timer, e -> emit(new MeshEvent.Rejected("local", Fault.INTERNAL_ERROR)));
        this.loop = thread;
        this.admission = new AdmissionControl(clock, config.maxPeers(), config.maxLinksPerAddress());
        this.discovery = new Discovery(peers, loop, this::dial, this, config.peers(), config.deliveryTimeout(), random);
        this.delivery = new Delivery(peers, loop, this::emit, () -> MessageId.random(random), config.deliveryTimeout());
        this.links = new PeerLinks(peers, loop, this, discovery, delivery, admission, this::emit);
    }

    /** Binds the listener, starts accepting, and dials every configured peer. */
    public void start() throws IOException {
        InetSocketAddress bind = config.bind().map(a -> new InetSocketAddress(a, config.port()))
                .orElseGet(() -> new InetSocketAddress(config.port()));
        server = new LinkServer(bind, from -> admission.admitIncoming(from.host()),
                (from, reason) -> post(() -> emit(new MeshEvent.Rejected(from.toString(), refusal(reason)))), this::acceptInBackground);
        listenPort = server.port();
        server.start();
        post(() -> {
            discovery.start();
            loop.schedule(TICK, this::tick);
        });
    }

    @Override
    public int listenPort() {
        return listenPort;
    }

    public InetSocketAddress listenAddress() {
        return server.localAddress();
    }

    @Override
    public PeerId ownId() {
        return identity.peerId();
    }

    /** Queues a chat message to every current peer, or to {@code to} only (private). */
    public CompletableFuture<Delivery.Accepted> sendChat(String text, Duration ttl, Optional<PeerId> to) {
        return call(() -> delivery.send(text, ttl, to));
    }

    /**
     * Completes when a message to {@code to} (everyone: empty) would not meet full outboxes:
     * some recipient has less than a whole outbox unacknowledged, or nobody is there. A sender
     * that waits for this before each message is slowed to the pace of its fastest recipient
     * instead of losing messages (docs/HEADLESS.md, "Back-pressure"). Fails with
     * {@link MeshClosedException} when the mesh closes first.
     */
    public CompletableFuture<Void> roomToSend(Optional<PeerId> to) {
        CompletableFuture<Void> room = new CompletableFuture<>();
        if (!loop.post(() -> delivery.whenRoom(to, room))) room.completeExceptionally(new MeshClosedException());
        return room;
    }

    /** Sends the new name to every peer (empty: no name). */
    public void setDisplayName(Optional<String> name) {
        post(() -> {
            ownName = name;
            forEachUpLink(link -> link.send(new PeerMessage.Profile(name.orElse(""))));
        });
    }

    private Optional<String> ownName = Optional.empty();

    @Override
    public Optional<String> ownName() {
        return ownName;
    }

    /** A link ended: when leaving, the last one completes {@link #leave()}. */
    @Override
    public void linkGone() {
        if (leftAll != null && links.all().isEmpty()) leftAll.complete(null);
    }

    /** The peers linked now. */
    public CompletableFuture<List<PeerSnapshot>> peers() {
        return call(() -> {
            List<PeerSnapshot> out = new ArrayList<>();
            for (PeerEntry e : peers.all()) {
                if (!e.linked()) continue;
                MessageLink l = e.link.link;
                out.add(new PeerSnapshot(e.id, e.name, addressOf(e), e.link.direction, l.safetyMaterial(), l.queuedCells()));
            }
            out.sort((a, b) -> a.peerId().compareTo(b.peerId()));
            return out;
        });
    }

    /** Peers known in this run that have not left: linked, or down for less than the delivery timeout. */
    public CompletableFuture<Integer> knownPeers() {
        return call(() -> (int) peers.all().stream().filter(delivery::isRecipient).count());
    }

    /** Cover-traffic cost: per-link counters of the links up now. */
    public CompletableFuture<List<dev.sesame.link.LinkStats>> linkStats() {
        return call(() -> links.all().stream().map(MessageLink::stats).toList());
    }

    /**
     * Says GOODBYE on every link and closes each once its queue is on the wire. The future
     * completes when every link is closed, or after {@link Limits#GOODBYE_FLUSH_TIMEOUT}.
     */
    public CompletableFuture<Void> leave() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(() -> {
            leaving = true;
            leftAll = done;
            if (server != null) server.close();
            for (MessageLink link : links.all()) {
                link.send(new PeerMessage.Goodbye());
                link.closeAfterFlush(Limits.GOODBYE_FLUSH_TIMEOUT);
            }
            if (links.all().isEmpty()) done.complete(null);
        });
        // Off the loop, so that it also completes when the mesh is closed or stuck.
        return done.completeOnTimeout(null, Limits.GOODBYE_FLUSH_TIMEOUT.toMillis() + 200, TimeUnit.MILLISECONDS);
    }

    /**
     * Panic: drops every link and the listener at once, sending nothing. Runs on the caller's
     * thread too, so it takes effect even if the mesh thread is busy.
     */
    public void abortAll() {
        if (server != null) server.close();
        for (MessageLink link : links.all()) link.abort();
        post(() -> {
            leaving = true;
            for (MessageLink link : links.all()) link.abort();
        });
    }

    @Override
    public void close() {
        closed = true;
        abortAll();
        post(() -> delivery.failWaiters(new MeshClosedException())); // queued before the close, so it runs
        thread.close();
    }

    /**
     * A handshake that finished after this mesh was closed (a panic rotate replaced it): its keys
     * are zeroed and its connection dropped here, since no mesh thread will adopt it.
     */
    private boolean discardIfClosed(Connector.Authenticated authenticated) {
        if (!closed) return false;
        authenticated.session().ratchet().close();
        authenticated.channel().abort();
        return true;
    }

    // ---------------------------------------------------------------- connections

    private void acceptInBackground(Socket socket) {
        InetAddress from = socket.getInetAddress();
        try {
            Connector.Authenticated authenticated = connector.accept(socket);
            if (discardIfClosed(authenticated)) return;
            post(() -> links.adopt(authenticated, MeshEvent.Direction.IN, null, shape));
        } catch (HandshakeException e) {
            admission.incomingFailed(from, e.reason().authentication());
            String address = new RemoteAddress(from, socket.getPort()).toString();
            post(() -> reportHandshakeFailure(address, e));
        } catch (RuntimeException e) {
            // A bug must not leak the admission slot (16 leaks and every incoming peer is "busy").
            admission.incomingFailed(from, false);
            TlsChannel.closeQuietly(socket);
            post(() -> emit(new MeshEvent.Rejected(new RemoteAddress(from, socket.getPort()).toString(), Fault.INTERNAL_ERROR)));
        }
    }

    /** Dials {@code target} on a background thread; the outcome comes back to the mesh thread. */
    void dial(DialTarget target) {
        target.dialing = true;
        InetSocketAddress address = target.address;
        Thread.ofVirtual().name("dial-" + target.label()).start(() -> {
            try {
                Connector.Authenticated authenticated = connector.dial(address);
                if (discardIfClosed(authenticated)) return;
                post(() -> {
                    target.dialing = false;
                    links.adopt(authenticated, MeshEvent.Direction.OUT, target, shape);
                });
            } catch (HandshakeException e) {
                if (e.reason().authentication()) admission.outgoingAuthenticationFailed(address.getAddress());
                post(() -> {
                    target.dialing = false;
                    if (e.reason() != HandshakeException.Reason.REFUSED) reportHandshakeFailure(target.label(), e);
                    discovery.dialFailed(target);
                });
            } catch (RuntimeException e) {
                // A bug must not leave the target "dialing" forever (4 of those and discovery stops dialling).
                post(() -> {
                    target.dialing = false;
                    emit(new MeshEvent.Rejected(target.label(), Fault.INTERNAL_ERROR));
                    discovery.dialFailed(target);
                });
            }
        });
    }

    /** AdmissionControl reports its refusals as codes; events carry them typed (an unknown one is a bug). */
    private static ReasonCode refusal(String code) {
        return Refusal.ofCode(code).<ReasonCode>map(r -> r).orElse(Fault.INTERNAL_ERROR);
    }

    private void reportHandshakeFailure(String address, HandshakeException e) {
        if (e.reason().authentication()) {
            emit(new MeshEvent.AuthFailed(address, e.code()));
        } else {
            emit(new MeshEvent.Rejected(address, e.code()));
        }
    }

    private void tick() {
        links.tick(loop.now());
        delivery.tick();
        discovery.tick();
        admission.prune();
        loop.schedule(TICK, this::tick);
    }

    // ---------------------------------------------------------------- helpers for the package

    @Override
    public boolean isLeaving() {
        return leaving;
    }

    void forEachUpLink(Consumer<MessageLink> action) {
        for (PeerEntry e : peers.all()) {
            if (e.linked()) action.accept(e.link.link);
        }
    }

    @Override
    public String addressOf(PeerEntry peer) {
        if (peer.link != null) {
            RemoteAddress seen = peer.link.link.remoteAddress();
            return new RemoteAddress(seen.host(), peer.link.link.peerListenPort()).toString();
        }
        return peer.listenAddress == null ? "" : RemoteAddress.of(peer.listenAddress).toString();
    }

    void emit(MeshEvent event) {
        events.accept(event);
    }

    /** Runs {@code task} on the mesh thread; after {@link #close()} it is not run (see {@link MeshLoop#post}). */
    void post(Runnable task) {
        loop.post(task);
    }

    /**
     * Runs {@code work} on the mesh thread. The future fails with {@link MeshClosedException}
     * when the mesh is closed before the work could run, and with the exception the work threw.
     */
    private <T> CompletableFuture<T> call(java.util.function.Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean queued = loop.post(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                throw e;
            }
        });
        if (!queued) result.completeExceptionally(new MeshClosedException());
        return result;
    }
}
