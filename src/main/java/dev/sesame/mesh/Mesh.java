package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.link.Connector;
import dev.sesame.link.HandshakeException;
import dev.sesame.link.Identity;
import dev.sesame.link.Link;
import dev.sesame.link.PeerId;
import dev.sesame.link.TrafficShape;
import dev.sesame.transport.Pipe;
import dev.sesame.transport.TcpTransport;
import dev.sesame.transport.Transport;
import dev.sesame.transport.TransportException;
import dev.sesame.transport.Transports;
import dev.sesame.util.Clock;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.PeerMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
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
 * This node's place in the mesh: the transports (direct TCP and any others added), every link, discovery and redialling, duplicate
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
    final TrafficShape shape;
    private final ScheduledExecutorService timer;
    private final Consumer<MeshEvent> events;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("mesh").factory());
    final AdmissionControl admission;
    final Map<PeerId, PeerEntry> peers = new HashMap<>();
    final PeerLinks links;
    final Discovery discovery;
    final Delivery delivery;
    private final List<Transport> extraTransports = new ArrayList<>();
    private volatile TcpTransport tcp;
    private volatile Transports transports;
    private volatile boolean torOnly;
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
        this.links = new PeerLinks(this);
    }

    /**
     * Adds a transport besides direct TCP (a relay, Tor), before {@link #start()}; its pipes are
     * admitted and authenticated exactly like TCP's (docs/ARCHITECTURE.md §Transports).
     */
    public void addTransport(Transport transport) {
        if (transports != null) throw new IllegalStateException("transports are added before start");
        extraTransports.add(transport);
    }

    /**
     * {@code --tor}: no direct TCP at all, neither listening nor dialling; only the transports
     * added (Tor). PEERS then carries onion endpoints only. Before {@link #start()}.
     */
    public void useOnlyAddedTransports() {
        if (transports != null) throw new IllegalStateException("before start");
        torOnly = true;
    }

    boolean torOnly() {
        return torOnly;
    }

    /** Binds the TCP listener, starts every transport, and dials every configured peer. */
    public void start() throws IOException {
        List<Transport> all = new ArrayList<>();
        if (!torOnly) {
            InetSocketAddress bind = config.bind().map(a -> new InetSocketAddress(a, config.port()))
                    .orElseGet(() -> new InetSocketAddress(config.port()));
            tcp = config.listen() ? TcpTransport.listening(bind, trouble -> post(() -> emit(new MeshEvent.Rejected("local", trouble))))
                    : TcpTransport.dialOnly(); // --no-listen: reachable through relays only
            all.add(tcp);
        }
        all.addAll(extraTransports);
        transports = new Transports(all);
        transports.start(this::arrived);
        post(() -> {
            discovery.start();
            timer.scheduleAtFixedRate(() -> post(this::tick), TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    public int listenPort() {
        TcpTransport t = tcp;
        return t == null ? 0 : t.port();
    }

    /** The direct TCP listener's address; empty in {@code --tor} mode, which has none. */
    public InetSocketAddress listenAddress() {
        return tcp.localAddress().orElseThrow();
    }

    /** True if this node listens for direct TCP connections. */
    public boolean listensDirectly() {
        return tcp != null && tcp.localAddress().isPresent();
    }

    /** Where this node can be reached, announced in HELLO (docs/PROTOCOL.md §Endpoints). Thread-safe. */
    public List<Endpoint> ownEndpoints() {
        Transports t = transports;
        return t == null ? List.of() : t.reachableAt();
    }

    /** A relay transport's connection to {@code relay} came up or went down: told to the interface. Thread-safe. */
    public void relayChanged(MeshEvent event) {
        if (!(event instanceof MeshEvent.RelayUp) && !(event instanceof MeshEvent.RelayDown)) {
            throw new IllegalArgumentException("relay events only");
        }
        post(() -> {
            if (!leaving) emit(event);
        });
    }

    /**
     * The members present at {@code relay} that this node should dial (docs/PROTOCOL.md §12,
     * "who asks"), replacing the previous list for that relay. Thread-safe.
     */
    public void relayPresence(String relay, List<Endpoint> dial) {
        List<Endpoint> copy = List.copyOf(dial);
        post(() -> discovery.present(relay, copy));
    }

    /** True if some transport here can dial {@code endpoint}. */
    boolean canDial(Endpoint endpoint) {
        Transports t = transports;
        return t != null && t.canDial(endpoint);
    }

    public PeerId ownId() {
        return identity.peerId();
    }

    /** Queues a chat message to every current peer, or to {@code to} only (private). */
    public CompletableFuture<Delivery.Accepted> sendChat(String text, Duration ttl, Optional<PeerId> to) {
        return call(() -> delivery.send(text, ttl, to));
    }

    /**
     * The interface has shown message {@code id} from {@code from} (written and flushed to stdout,
     * or placed in the screen's history): only now does the sender get its receipt, on the
     * peer's current link (docs/PROTOCOL.md §10). If the peer is not linked, the receipt
     * goes when it resends the message after reconnecting.
     */
    public void shown(PeerId from, dev.sesame.wire.MessageId id) {
        post(() -> {
            PeerEntry peer = peers.get(from);
            if (peer == null || !peer.seen.markShown(id)) return;
            if (peer.linked()) peer.link.link.send(new PeerMessage.Receipt(id));
        });
    }

    /** Sends the new name to every peer (empty: no name). */
    public void setDisplayName(Optional<String> name) {
        post(() -> {
            ownName = name;
            forEachUpLink(link -> link.send(new PeerMessage.Profile(name.orElse(""))));
        });
    }

    private Optional<String> ownName = Optional.empty();

    Optional<String> ownName() {
        return ownName;
    }

    /** A link ended: when leaving, the last one completes {@link #leave()}. */
    void linkGone() {
        if (leftAll != null && links.all().isEmpty()) leftAll.complete(null);
    }

    /** The peers linked now. */
    public CompletableFuture<List<PeerSnapshot>> peers() {
        return call(() -> {
            List<PeerSnapshot> out = new ArrayList<>();
            for (PeerEntry e : peers.values()) {
                if (!e.linked()) continue;
                Link l = e.link.link;
                out.add(new PeerSnapshot(e.id, e.name, addressOf(e), e.link.direction, l.safetyMaterial(), l.queuedCells(), l.via()));
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
        return call(() -> links.all().stream().map(Link::stats).toList());
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
            if (transports != null) transports.close();
            for (Link link : links.all()) {
                link.send(new PeerMessage.Goodbye());
                link.closeAfterFlush(Limits.GOODBYE_FLUSH_TIMEOUT);
            }
            if (links.all().isEmpty()) done.complete(null);
        });
        timer.schedule(() -> done.complete(null), Limits.GOODBYE_FLUSH_TIMEOUT.toMillis() + 200, TimeUnit.MILLISECONDS);
        return done;
    }

    /**
     * Panic: drops every link and the listener at once, sending nothing. Runs on the caller's
     * thread too, so it takes effect even if the mesh thread is busy.
     */
    public void abortAll() {
        if (transports != null) transports.close();
        for (Link link : links.all()) link.abort();
        post(() -> {
            leaving = true;
            for (Link link : links.all()) link.abort();
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

    /**
     * A transport delivered a pipe (on its own thread): admission decides at once, before any
     * TLS work; an admitted pipe gets its own virtual thread and its ticket.
     */
    private void arrived(Pipe pipe) {
        switch (admission.admitIncoming(pipe.source(), pipe::abort)) {
            case AdmissionControl.Refused(String reason) -> {
                pipe.abort();
                String label = pipe.label();
                post(() -> emit(new MeshEvent.Rejected(label, reason)));
            }
            case AdmissionControl.Admitted(AdmissionTicket ticket) ->
                    Thread.ofVirtual().name("accepted-" + pipe.label()).start(() -> acceptInBackground(pipe, ticket));
        }
    }

    private void acceptInBackground(Pipe pipe, AdmissionTicket ticket) {
        boolean handedOn = false;
        try {
            Connector.Authenticated authenticated = connector.accept(pipe, ticket);
            if (discardIfClosed(authenticated)) return;
            handedOn = true;
            post(() -> links.adopt(authenticated, MeshEvent.Direction.IN, null, ticket));
        } catch (HandshakeException e) {
            if (e.reason().authentication()) ticket.authenticationFailed();
            if (ticket.evicted()) {
                post(() -> emit(new MeshEvent.Rejected(pipe.label(), "evicted")));
            } else {
                post(() -> reportHandshakeFailure(pipe.label(), e));
            }
        } catch (RuntimeException e) {
            pipe.abort();
            post(() -> emit(new MeshEvent.Rejected(pipe.label(), "internal_error: " + e.getClass().getSimpleName())));
        } finally {
            // A bug must not leak the admission slot (16 leaks and every incoming peer is "busy").
            if (!handedOn) ticket.close();
        }
    }

    /** Records and reports a dial target's new state (docs/HEADLESS.md, {@code dial}). */
    void dialState(DialTarget target, MeshEvent.DialPhase phase, Optional<String> failure) {
        target.phase = phase;
        if (phase == MeshEvent.DialPhase.FAILED) target.lastFailure = failure;
        if (phase == MeshEvent.DialPhase.LINKED) target.lastFailure = Optional.empty();
        long retryIn = phase == MeshEvent.DialPhase.RETRYING
                ? Math.max(0, (target.nextAttemptNanos - clock.nanoTime()) / 1_000_000) : 0;
        Optional<String> reason = phase == MeshEvent.DialPhase.STOPPED ? failure : target.lastFailure;
        emit(new MeshEvent.Dial(target.label(), phase, reason, retryIn,
                phase == MeshEvent.DialPhase.LINKED ? target.answeredBy : Optional.empty(), target.configured.isPresent()));
    }

    /** Every dial target and its state, for {@code /peers}. */
    public CompletableFuture<List<MeshEvent.Dial>> dialTargets() {
        return call(() -> discovery.targets().stream().map(t -> new MeshEvent.Dial(t.label(), t.phase, t.lastFailure,
                t.phase == MeshEvent.DialPhase.RETRYING ? Math.max(0, (t.nextAttemptNanos - clock.nanoTime()) / 1_000_000) : 0,
                t.answeredBy, t.configured.isPresent())).toList());
    }

    /** A peer known in this run that is not linked now. */
    public record Absent(PeerId peerId, Optional<String> name, java.time.Instant lastSeen, String reason, boolean redialling) {}

    /** The peers this run has known that are not linked now, and whether we redial them. */
    public CompletableFuture<List<Absent>> absentPeers() {
        return call(() -> {
            List<Absent> out = new ArrayList<>();
            long now = clock.nanoTime();
            for (PeerEntry e : peers.values()) {
                if (!e.everUp || e.linked()) continue;
                boolean redialling = discovery.targets().stream().anyMatch(t -> !t.stopped && (t.dialing || t.scheduled)
                        && (t.answeredBy.equals(Optional.of(e.id)) || t.announcedId.equals(Optional.of(e.id))));
                out.add(new Absent(e.id, e.name, clock.now().minusNanos(Math.max(0, now - e.downSinceNanos)),
                        e.saidGoodbye ? "goodbye" : e.lastDownReason.isEmpty() ? "closed" : e.lastDownReason, redialling));
            }
            return out;
        });
    }

    /** {@code /connect HOST:PORT}: dial it now and keep redialling it like a {@code --peer}. False: too many targets. */
    public CompletableFuture<Boolean> connect(dev.sesame.wire.HostPort hostPort) {
        return call(() -> discovery.addConfigured(hostPort));
    }

    /**
     * {@code /retry}: redial now, with the backoff reset, every target whose label is
     * {@code label} or that answered as (or was announced for) {@code peer}; every target when
     * both are empty. Returns the labels redialled.
     */
    public CompletableFuture<List<String>> retry(Optional<String> label, Optional<PeerId> peer) {
        return call(() -> {
            List<String> done = new ArrayList<>();
            for (DialTarget t : discovery.targets()) {
                boolean match = (label.isEmpty() && peer.isEmpty()) || label.map(l -> l.equalsIgnoreCase(t.label())).orElse(false)
                        || peer.map(p -> t.answeredBy.equals(Optional.of(p)) || t.announcedId.equals(Optional.of(p))).orElse(false);
                if (match && discovery.retryNow(t)) done.add(t.label());
            }
            return done;
        });
    }

    /** Dials {@code target} on a background thread; the outcome comes back to the mesh thread. */
    void dial(DialTarget target) {
        target.dialing = true;
        dialState(target, MeshEvent.DialPhase.CONNECTING, Optional.empty());
        Endpoint endpoint = target.endpoint;
        Transports via = transports;
        Thread.ofVirtual().name("dial-" + target.label()).start(() -> {
            Pipe pipe = null;
            try {
                pipe = via.dial(endpoint);
                Connector.Authenticated authenticated = connector.dial(pipe);
                if (discardIfClosed(authenticated)) return;
                post(() -> {
                    target.dialing = false;
                    links.adopt(authenticated, MeshEvent.Direction.OUT, target, null);
                });
            } catch (TransportException e) {
                // Not reachable now (refused, unresolved, timed out): a dial state, retried with backoff.
                post(() -> {
                    target.dialing = false;
                    dialState(target, MeshEvent.DialPhase.FAILED, Optional.of(e.reason().code()));
                    discovery.dialFailed(target);
                });
            } catch (HandshakeException e) {
                if (e.reason().authentication()) admission.outgoingAuthenticationFailed(pipe.source());
                post(() -> {
                    target.dialing = false;
                    // Ours, not a stranger's: a dial state says we dialled and what failed. A phrase
                    // mismatch is also counted as auth_failed, like one from an incoming connection.
                    if (e.reason().authentication()) emit(new MeshEvent.AuthFailed(target.label(), e.code()));
                    dialState(target, MeshEvent.DialPhase.FAILED, Optional.of(e.code()));
                    discovery.dialFailed(target);
                });
            } catch (RuntimeException e) {
                if (pipe != null) pipe.abort();
                // A bug must not leave the target "dialing" forever (4 of those and discovery stops dialling).
                post(() -> {
                    target.dialing = false;
                    emit(new MeshEvent.Rejected(target.label(), "internal_error: " + e.getClass().getSimpleName()));
                    dialState(target, MeshEvent.DialPhase.FAILED, Optional.of("internal_error"));
                    discovery.dialFailed(target);
                });
            }
        });
    }

    private void reportHandshakeFailure(String address, HandshakeException e) {
        if (e.reason().authentication()) {
            emit(new MeshEvent.AuthFailed(address, e.code()));
        } else {
            emit(new MeshEvent.Rejected(address, e.code()));
        }
    }

    private void tick() {
        links.tick(clock.nanoTime());
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

    /** A peer's address for events: its first endpoint (a direct one as we see its host), else its pipe's label. */
    String addressOf(PeerEntry peer) {
        if (!peer.endpoints.isEmpty()) return peer.endpoints.getFirst().toString();
        return peer.link == null ? "" : peer.link.link.label();
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
