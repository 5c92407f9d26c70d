package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.link.CloseReason;
import dev.sesame.link.Connector;
import dev.sesame.link.HandshakeException;
import dev.sesame.link.Identity;
import dev.sesame.link.Link;
import dev.sesame.link.LinkServer;
import dev.sesame.link.PeerId;
import dev.sesame.link.RemoteAddress;
import dev.sesame.link.TrafficShape;
import dev.sesame.util.Clock;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
public final class Mesh implements AutoCloseable {
    private static final Duration TICK = Duration.ofSeconds(1);
    /** The larger id of a pair waits this long before dialling a discovered peer, so both rarely dial at once. */
    private static final Duration LARGER_ID_DIAL_DELAY = Duration.ofSeconds(3);

    final MeshConfig config;
    final Identity identity;
    final Clock clock;
    final SecureRandom random;
    private final Connector connector;
    private final TrafficShape shape;
    private final ScheduledExecutorService timer;
    private final Consumer<MeshEvent> events;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("mesh").factory());
    private final AdmissionControl admission;
    final Map<PeerId, PeerEntry> peers = new HashMap<>();
    private final Map<Long, ActiveLink> links = new HashMap<>();
    final Discovery discovery;
    private final Delivery delivery;
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
        this.timer = timer;
        this.events = events;
        this.admission = new AdmissionControl(clock, config.maxPeers(), config.maxLinksPerAddress());
        this.discovery = new Discovery(this);
        this.delivery = new Delivery(this);
    }

    /** Binds the listener, starts accepting, and dials every configured peer. */
    public void start() throws IOException {
        InetSocketAddress bind = config.bind().map(a -> new InetSocketAddress(a, config.port()))
                .orElseGet(() -> new InetSocketAddress(config.port()));
        server = new LinkServer(bind, from -> admission.admitIncoming(from.host()),
                (from, reason) -> post(() -> emit(new MeshEvent.Rejected(from.toString(), reason))), this::acceptInBackground);
        listenPort = server.port();
        server.start();
        post(() -> {
            discovery.start();
            timer.scheduleAtFixedRate(() -> post(this::tick), TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    public int listenPort() {
        return listenPort;
    }

    public InetSocketAddress listenAddress() {
        return server.localAddress();
    }

    public PeerId ownId() {
        return identity.peerId();
    }

    /** Queues a chat message to every current peer, or to {@code to} only (private). */
    public CompletableFuture<Delivery.Accepted> sendChat(String text, Duration ttl, Optional<PeerId> to) {
        return call(() -> delivery.send(text, ttl, to));
    }

    /** Sends the new name to every peer (empty: no name). */
    public void setDisplayName(Optional<String> name) {
        post(() -> {
            ownName = name;
            forEachUpLink(link -> link.send(new PeerMessage.Profile(name.orElse(""))));
        });
    }

    private Optional<String> ownName = Optional.empty();

    /** The peers linked now. */
    public CompletableFuture<List<PeerSnapshot>> peers() {
        return call(() -> {
            List<PeerSnapshot> out = new ArrayList<>();
            for (PeerEntry e : peers.values()) {
                if (!e.linked()) continue;
                Link l = e.link.link;
                out.add(new PeerSnapshot(e.id, e.name, addressOf(e), e.link.direction, l.safetyMaterial(), l.queuedCells()));
            }
            out.sort((a, b) -> a.peerId().compareTo(b.peerId()));
            return out;
        });
    }

    /** Peers known in this run that have not left: linked, or down for less than the delivery timeout. */
    public CompletableFuture<Integer> knownPeers() {
        return call(() -> (int) peers.values().stream().filter(delivery::isRecipient).count());
    }

    /** Cover-traffic cost: per-link counters of the links up now. */
    public CompletableFuture<List<dev.sesame.link.LinkStats>> linkStats() {
        return call(() -> links.values().stream().map(a -> a.link.stats()).toList());
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
            for (ActiveLink a : List.copyOf(links.values())) {
                a.link.send(new PeerMessage.Goodbye());
                a.link.closeAfterFlush(Limits.GOODBYE_FLUSH_TIMEOUT);
            }
            if (links.isEmpty()) done.complete(null);
        });
        timer.schedule(() -> done.complete(null), Limits.GOODBYE_FLUSH_TIMEOUT.toMillis() + 200, TimeUnit.MILLISECONDS);
        return done;
    }

    /**
     * Panic: drops every link and the listener at once, sending nothing. Runs on the caller's
     * thread too, so it takes effect even if the mesh thread is busy.
     */
    public void abortAll() {
        if (server != null) server.close();
        List<ActiveLink> snapshot;
        synchronized (links) {
            snapshot = List.copyOf(links.values());
        }
        for (ActiveLink a : snapshot) a.link.abort();
        post(() -> {
            leaving = true;
            for (ActiveLink a : List.copyOf(links.values())) a.link.abort();
        });
    }

    @Override
    public void close() {
        closed = true;
        abortAll();
        thread.shutdown();
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
            post(() -> adopt(authenticated, MeshEvent.Direction.IN, null));
        } catch (HandshakeException e) {
            admission.incomingFailed(from, e.reason().authentication());
            String address = new RemoteAddress(from, socket.getPort()).toString();
            post(() -> reportHandshakeFailure(address, e));
        } catch (RuntimeException e) {
            // A bug must not leak the admission slot (16 leaks and every incoming peer is "busy").
            admission.incomingFailed(from, false);
            closeQuietly(socket);
            post(() -> emit(new MeshEvent.Rejected(new RemoteAddress(from, socket.getPort()).toString(),
                    "internal_error: " + e.getClass().getSimpleName())));
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
                    adopt(authenticated, MeshEvent.Direction.OUT, target);
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
                    emit(new MeshEvent.Rejected(target.label(), "internal_error: " + e.getClass().getSimpleName()));
                    discovery.dialFailed(target);
                });
            }
        });
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private void reportHandshakeFailure(String address, HandshakeException e) {
        if (e.reason().authentication()) {
            emit(new MeshEvent.AuthFailed(address, e.code()));
        } else {
            emit(new MeshEvent.Rejected(address, e.code()));
        }
    }

    /** A handshake succeeded: make it the peer's link, unless a better one exists. */
    private void adopt(Connector.Authenticated authenticated, MeshEvent.Direction direction, DialTarget target) {
        PeerId peerId = authenticated.session().peerId();
        InetAddress host = authenticated.channel().remoteAddress().host();
        boolean incoming = direction == MeshEvent.Direction.IN;
        if (target != null) discovery.answered(target, peerId);
        PeerEntry entry = peers.get(peerId);
        String refusal = leaving ? "leaving" : entry != null && entry.saidGoodbye ? "peer_left" : null;
        if (refusal == null && !admission.openLink(host, incoming)) refusal = "too_many_peers";
        else if (refusal != null && incoming) admission.incomingFailed(host, false);
        if (refusal != null) {
            authenticated.session().ratchet().close(); // no Link will own it: zero its keys now
            authenticated.channel().close();
            if (!leaving) emit(new MeshEvent.Rejected(authenticated.channel().remoteAddress().toString(), refusal));
            return;
        }
        if (entry == null) {
            entry = new PeerEntry(peerId);
            peers.put(peerId, entry);
        }
        entry.listenAddress = new InetSocketAddress(host, authenticated.session().peerListenPort());
        if (incoming) discovery.incomingFrom(peerId, entry.listenAddress);

        PeerEntry peer = entry;
        Link link = new Link(authenticated.channel(), authenticated.session(), shape, new Link.Listener() {
            @Override
            public void onMessage(Link l, PeerMessage message) {
                post(() -> received(l, message));
            }

            @Override
            public void onClosed(Link l, CloseReason reason, String detail) {
                post(() -> closed(l, reason, detail, incoming, host));
            }
        });
        ActiveLink active = new ActiveLink(link, direction, clock.nanoTime());
        ActiveLink existing = peer.link;
        if (existing != null && existing.link.isOpen()) {
            if (existing.direction == direction && incoming) {
                // The peer dialled both: it alone decides which one to close (the order in which
                // the two ends finished their handshakes may differ). Carry the peer on the newer
                // one and keep the older as a spare until the peer closes one of them.
                existing.role = ActiveLink.Role.SPARE;
                peer.link = active;
            } else if (keepNew(existing, active, peerId)) {
                existing.role = ActiveLink.Role.CLOSING;
                peer.link = active;
                retire(existing.link);
                emit(new MeshEvent.DuplicateLink(peerId, active.direction.code()));
            } else {
                // The peer may have finished this link first and carry us on it: tell it, on the
                // link itself, that it is replaced, so it waits for the winner instead of going down.
                active.role = ActiveLink.Role.CLOSING;
                register(active);
                startLink(active);
                link.send(new PeerMessage.Profile(ownName.orElse("")));
                retire(link);
                emit(new MeshEvent.DuplicateLink(peerId, existing.direction.code()));
                return;
            }
        } else {
            peer.link = active;
            peer.awaitingReplacementUntil = 0;
        }
        register(active);
        startLink(active);
        link.send(new PeerMessage.Profile(ownName.orElse("")));
        if (peer.up) {
            discovery.announceTo(link, peer.id);
            delivery.flush(peer);
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
        PeerId smaller = ownId().compareTo(peerId) < 0 ? ownId() : peerId;
        PeerId oldDialer = old.direction == MeshEvent.Direction.OUT ? ownId() : peerId;
        PeerId freshDialer = fresh.direction == MeshEvent.Direction.OUT ? ownId() : peerId;
        if (oldDialer.equals(freshDialer)) return true;
        return freshDialer.equals(smaller);
    }

    private void received(Link link, PeerMessage message) {
        ActiveLink active = links.get(link.id());
        PeerEntry peer = peers.get(link.peerId());
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
                emit(new MeshEvent.PeerUp(peer.id, peer.name, addressOf(peer), active.direction));
                discovery.peerSetChanged();
            }
            delivery.flush(peer);
            return;
        }
        switch (message) {
            case PeerMessage.Profile profile -> updateName(peer, profile.name(), false);
            case PeerMessage.Chat chat -> {
                link.send(new PeerMessage.Receipt(chat.id()));
                if (peer.seen.firstTime(chat.id())) {
                    emit(new MeshEvent.ChatReceived(peer.id, chat.id(), chat.text(), chat.privateMessage(), chat.ttlMillis()));
                }
            }
            case PeerMessage.Receipt receipt -> delivery.acknowledged(peer, receipt.id());
            case PeerMessage.Peers announced -> discovery.announced(peer, link.remoteAddress().host(), announced);
            case PeerMessage.Replaced replaced -> {
                if (peer.link == active) peer.awaitingReplacementUntil = clock.nanoTime() + Limits.REPLACEMENT_GRACE.toNanos();
            }
            case PeerMessage.Goodbye goodbye -> {
                peer.saidGoodbye = true;
                discovery.forget(peer.id);
                delivery.peerLeft(peer);
                link.close(CloseReason.LOCAL, "goodbye");
            }
        }
    }

    private void updateName(PeerEntry peer, String raw, boolean first) {
        Optional<String> name = DisplayNames.sanitize(raw);
        if (name.equals(peer.name)) return;
        Optional<String> old = peer.name;
        peer.name = name;
        if (!first) emit(new MeshEvent.NameChanged(peer.id, old, name));
    }

    private void closed(Link link, CloseReason reason, String detail, boolean incoming, InetAddress host) {
        ActiveLink active;
        synchronized (links) {
            active = links.remove(link.id());
        }
        if (active == null) return;
        admission.linkClosed(host, incoming);
        if (leftAll != null && links.isEmpty()) leftAll.complete(null);
        if (reason == CloseReason.PROTOCOL || detail.startsWith("internal_error")) {
            emit(new MeshEvent.Rejected(link.remoteAddress().toString(), detail));
        }
        PeerEntry peer = peers.get(link.peerId());
        if (peer == null || active.role == ActiveLink.Role.CLOSING || peer.link != active) return;
        peer.link = null;
        if (peer.up && !peer.saidGoodbye && peer.awaitingReplacementUntil != 0) {
            // The peer closed this link because another one between us won; that one is still
            // finishing on our side. The peer stays up meanwhile (its messages wait in the outbox).
            peer.downSinceNanos = clock.nanoTime();
            return;
        }
        ActiveLink spare = spareOf(peer.id);
        if (spare != null && !peer.saidGoodbye) {
            // The peer closed the link we carried it on and kept the other: nothing went down.
            spare.role = ActiveLink.Role.CURRENT;
            peer.link = spare;
            if (spare.profileReceived) delivery.flush(peer);
            return;
        }
        if (peer.up) {
            peerDown(peer, peer.saidGoodbye ? "goodbye" : switch (reason) {
                case TIMEOUT -> "timeout";
                case PROTOCOL, ERROR -> "error";
                case DUPLICATE -> "duplicate";
                case LOCAL, CLOSED, ABORTED -> "closed";
            });
        } else if (!leaving && !peer.saidGoodbye) {
            discovery.linkLost(peer);
        }
    }

    /** The peer has no link any more: report it down and start redialling it. */
    private void peerDown(PeerEntry peer, String reason) {
        peer.up = false;
        peer.downSinceNanos = clock.nanoTime();
        if (leaving) return;
        emit(new MeshEvent.PeerDown(peer.id, reason, (int) peers.values().stream().filter(PeerEntry::linked).count()));
        discovery.peerSetChanged();
        if (!peer.saidGoodbye) discovery.linkLost(peer);
    }

    private ActiveLink spareOf(PeerId peerId) {
        for (ActiveLink a : links.values()) {
            if (a.role == ActiveLink.Role.SPARE && a.link.isOpen() && a.link.peerId().equals(peerId)) return a;
        }
        return null;
    }

    private void tick() {
        long now = clock.nanoTime();
        for (PeerEntry peer : peers.values()) {
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
        delivery.tick();
        discovery.tick();
        admission.prune();
    }

    // ---------------------------------------------------------------- helpers for the package

    boolean isLeaving() {
        return leaving;
    }

    void forEachUpLink(Consumer<Link> action) {
        for (PeerEntry e : peers.values()) {
            if (e.linked()) action.accept(e.link.link);
        }
    }

    String addressOf(PeerEntry peer) {
        if (peer.link != null) {
            RemoteAddress seen = peer.link.link.remoteAddress();
            return new RemoteAddress(seen.host(), peer.link.link.peerListenPort()).toString();
        }
        return peer.listenAddress == null ? "" : RemoteAddress.of(peer.listenAddress).toString();
    }

    void emit(MeshEvent event) {
        events.accept(event);
    }

    void post(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // A bug in one event must not stop the mesh; it is reported, not swallowed.
                    emit(new MeshEvent.Rejected("local", "internal_error: " + e.getClass().getSimpleName()));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The mesh has shut down: late link callbacks have nothing left to update.
        }
    }

    void schedule(Duration delay, Runnable task) {
        timer.schedule(() -> post(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    Duration largerIdDialDelay() {
        return LARGER_ID_DIAL_DELAY;
    }

    private <T> CompletableFuture<T> call(java.util.function.Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        post(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                throw e;
            }
        });
        return result;
    }
}
