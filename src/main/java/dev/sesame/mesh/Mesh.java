package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.link.Connector;
import dev.sesame.link.HandshakeException;
import dev.sesame.link.Identity;
import dev.sesame.link.MessageLink;
import dev.sesame.link.PeerId;
import dev.sesame.link.TrafficShape;
import dev.sesame.transport.Pipe;
import dev.sesame.transport.TcpTransport;
import dev.sesame.transport.Transport;
import dev.sesame.transport.TransportException;
import dev.sesame.transport.Transports;
import dev.sesame.util.Clock;
import dev.sesame.util.Fault;
import dev.sesame.util.ReasonCode;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.PeerMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
    /** The listener's refusals, at most one event per source and reason a second (docs/SECURITY.md §Junk connections). */
    private final NoiseGate noise;
    final AdmissionControl admission;
    final PeerTable peers = new PeerTable();
    final PeerLinks links;
    final Discovery discovery;
    final Delivery delivery;
    private final List<Transport> extraTransports = new ArrayList<>();
    private volatile TcpTransport tcp;
    private volatile Transports transports;
    private volatile boolean torOnly;
    private boolean leaving;
    private volatile boolean closed;
    /** The future of the first {@link #leave()}, which every later call returns; the last link to end completes it. */
    private final AtomicReference<CompletableFuture<Void>> leaveRequested = new AtomicReference<>();

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
        this.noise = new NoiseGate(thread, this::emit);
        this.discovery = new Discovery(peers, loop, this::dial, this, config.peers(), config.deliveryTimeout(), random, this::emit);
        this.delivery = new Delivery(peers, loop, this::emit, () -> MessageId.random(random), config.deliveryTimeout());
        this.links = new PeerLinks(peers, loop, this, discovery, delivery, admission, this::emit);
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

    @Override
    public boolean torOnly() {
        return torOnly;
    }

    /** Binds the TCP listener, starts every transport, and dials every configured peer. */
    public void start() throws IOException {
        List<Transport> all = new ArrayList<>();
        if (!torOnly) {
            InetSocketAddress bind = config.bind().map(a -> new InetSocketAddress(a, config.port()))
                    .orElseGet(() -> new InetSocketAddress(config.port()));
            tcp = config.listen() ? TcpTransport.listening(bind, () -> post(() -> emit(new MeshEvent.Rejected("local", Refusal.ACCEPT_FAILED))))
                    : TcpTransport.dialOnly(); // --no-listen: reachable through relays only
            all.add(tcp);
        }
        all.addAll(extraTransports);
        transports = new Transports(all);
        transports.start(this::arrived);
        post(() -> {
            discovery.start();
            loop.schedule(TICK, this::tick);
        });
    }

    @Override
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
    @Override
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
    @Override
    public boolean canDial(Endpoint endpoint) {
        Transports t = transports;
        return t != null && t.canDial(endpoint);
    }

    @Override
    public PeerId ownId() {
        return identity.peerId();
    }

    /**
     * Queues a chat message to every current peer, or to {@code to} only (private). The future
     * completes once the message is in the outboxes, just before this thread encrypts it for
     * the links, so the caller's {@code sent} and the encryption run side by side.
     */
    public CompletableFuture<Delivery.Accepted> sendChat(String text, Duration ttl, Optional<PeerId> to) {
        return sendChat(text, ttl, to, accepted -> {});
    }

    /**
     * As {@link #sendChat(String, Duration, Optional)}; {@code beforeHandOn} runs on the mesh
     * thread once the message has its id, before any link has it, so before any event about it.
     */
    public CompletableFuture<Delivery.Accepted> sendChat(String text, Duration ttl, Optional<PeerId> to,
            Consumer<Delivery.Accepted> beforeHandOn) {
        // Answered before the hand-on: the caller reports it sent while this thread encrypts it.
        return call(() -> {
            Delivery.Accepted accepted = delivery.accept(text, ttl, to);
            beforeHandOn.accept(accepted);
            return accepted;
        }, delivery::handOn);
    }

    /**
     * Completes when a message to {@code to} (everyone: empty) would find room: see
     * {@link Delivery#hasRoom}. A sender that waits for this before each message goes at the
     * pace of its slowest peer that keeps up instead of losing messages (docs/HEADLESS.md,
     * "Back-pressure"). Fails with {@link MeshClosedException} when the mesh closes first.
     */
    public CompletableFuture<Void> roomToSend(Optional<PeerId> to) {
        // Fast path (issue 13): the mesh thread's last word is "room"; no handoff to ask it again.
        if (to.isEmpty() && !closed && delivery.roomForEveryoneHint()) return CompletableFuture.completedFuture(null);
        CompletableFuture<Void> room = new CompletableFuture<>();
        if (!loop.post(() -> delivery.whenRoom(to, room))) room.completeExceptionally(new MeshClosedException());
        return room;
    }

    /**
     * The interface has shown message {@code id} from {@code from} (written and flushed to stdout,
     * or placed in the screen's history): only now does the sender get its receipt, on the
     * peer's current link (docs/PROTOCOL.md §10). If the peer is not linked, the receipt
     * goes when it resends the message after reconnecting.
     */
    public void shown(PeerId from, dev.sesame.wire.MessageId id) {
        post(() -> links.shown(from, id));
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
        CompletableFuture<Void> left = leaveRequested.get();
        if (leaving && left != null && links.all().isEmpty()) left.complete(null);
    }

    /** The peers linked now. */
    public CompletableFuture<List<PeerSnapshot>> peers() {
        return call(() -> {
            List<PeerSnapshot> out = new ArrayList<>();
            for (PeerEntry e : peers.all()) {
                if (!e.linked()) continue;
                MessageLink l = e.link.link;
                out.add(new PeerSnapshot(e.id, e.name, addressOf(e), e.link.direction, l.safetyMaterial(), l.queuedCells(), l.via()));
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
        // Once: a second call (a signal during /quit) would say GOODBYE again and orphan the first future.
        if (!leaveRequested.compareAndSet(null, done)) return leaveRequested.get();
        post(() -> {
            leaving = true;
            if (transports != null) transports.close();
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
        if (transports != null) transports.close();
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

    /**
     * A transport delivered a pipe (on its own thread): admission decides at once, before any
     * TLS work; an admitted pipe gets its own virtual thread and its ticket.
     */
    private void arrived(Pipe pipe) {
        switch (admission.admitIncoming(pipe.source(), pipe::abort, pipe::bytesWaiting)) {
            case AdmissionControl.Refused(Refusal reason) -> {
                pipe.abort();
                String label = pipe.label();
                post(() -> noise.rejected(pipe.source(), label, reason));
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
            post(() -> links.adopt(authenticated, MeshEvent.Direction.IN, null, ticket, shape));
        } catch (HandshakeException e) {
            if (e.reason().authentication()) ticket.authenticationFailed();
            if (ticket.evicted()) {
                post(() -> noise.rejected(pipe.source(), pipe.label(), Refusal.EVICTED));
            } else {
                post(() -> reportHandshakeFailure(pipe, e));
            }
        } catch (RuntimeException e) {
            pipe.abort();
            post(() -> emit(new MeshEvent.Rejected(pipe.label(), Fault.INTERNAL_ERROR)));
        } finally {
            // A bug must not leak the admission slot (16 leaks and every incoming peer is "busy").
            if (!handedOn) ticket.close();
        }
    }

    /** Every dial target and its state, for {@code /peers}. */
    public CompletableFuture<List<MeshEvent.Dial>> dialTargets() {
        return call(discovery::dialStates);
    }

    /** A peer known in this run that is not linked now. */
    public record Absent(PeerId peerId, Optional<String> name, java.time.Instant lastSeen, PeerDownReason reason, boolean redialling) {}

    /** The peers this run has known that are not linked now, and whether we redial them. */
    public CompletableFuture<List<Absent>> absentPeers() {
        return call(() -> {
            List<Absent> out = new ArrayList<>();
            long now = loop.now();
            for (PeerEntry e : peers.all()) {
                if (!e.everUp || e.linked()) continue;
                boolean redialling = discovery.targets().stream().anyMatch(t -> !t.stopped && (t.dialing || t.scheduled)
                        && (t.answeredBy.equals(Optional.of(e.id)) || t.announcedId.equals(Optional.of(e.id))));
                out.add(new Absent(e.id, e.name, clock.now().minusNanos(Math.max(0, now - e.downSinceNanos)),
                        e.saidGoodbye ? PeerDownReason.GOODBYE : e.lastDownReason, redialling));
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
        discovery.dialState(target, MeshEvent.DialPhase.CONNECTING, Optional.empty());
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
                    links.adopt(authenticated, MeshEvent.Direction.OUT, target, null, shape);
                });
            } catch (TransportException e) {
                // Not reachable now (refused, unresolved, timed out): a dial state, retried with backoff.
                post(() -> {
                    target.dialing = false;
                    discovery.dialState(target, MeshEvent.DialPhase.FAILED, Optional.of(e.reason()));
                    discovery.dialFailed(target);
                });
            } catch (HandshakeException e) {
                if (e.reason().authentication()) admission.outgoingAuthenticationFailed(pipe.source());
                post(() -> {
                    target.dialing = false;
                    // Ours, not a stranger's: a dial state says we dialled and what failed. A phrase
                    // mismatch is also counted as auth_failed, like one from an incoming connection.
                    if (e.reason().authentication()) emit(new MeshEvent.AuthFailed(target.label(), e.code()));
                    discovery.dialState(target, MeshEvent.DialPhase.FAILED, Optional.of(e.code()));
                    if (droppedByListener(e.reason())) {
                        discovery.dialDropped(target);
                    } else {
                        discovery.dialFailed(target);
                    }
                });
            } catch (RuntimeException e) {
                if (pipe != null) pipe.abort();
                // A bug must not leave the target "dialing" forever (4 of those and discovery stops dialling).
                post(() -> {
                    target.dialing = false;
                    emit(new MeshEvent.Rejected(target.label(), Fault.INTERNAL_ERROR));
                    discovery.dialState(target, MeshEvent.DialPhase.FAILED, Optional.of(Fault.INTERNAL_ERROR));
                    discovery.dialFailed(target);
                });
            }
        });
    }

    /**
     * The far end took our connection and dropped it before the handshake finished: what a
     * listener under junk does to a dial it is too busy for (docs/SECURITY.md §Junk connections).
     */
    private static boolean droppedByListener(HandshakeException.Reason reason) {
        return switch (reason) {
            case CLOSED, TIMEOUT, TLS_FAILED -> true;
            default -> false;
        };
    }

    private void reportHandshakeFailure(Pipe pipe, HandshakeException e) {
        if (e.reason().authentication()) {
            emit(new MeshEvent.AuthFailed(pipe.label(), e.code())); // every guess is reported: the budget bounds them
        } else {
            noise.rejected(pipe.source(), pipe.label(), e.code());
        }
    }

    private void tick() {
        links.tick(loop.now());
        delivery.tick();
        discovery.tick();
        admission.prune();
        noise.prune();
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

    /** A peer's address for events: its first endpoint (a direct one as we see its host), else its pipe's label. */
    @Override
    public String addressOf(PeerEntry peer) {
        if (!peer.endpoints.isEmpty()) return peer.endpoints.getFirst().toString();
        return peer.link == null ? "" : peer.link.link.label();
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
        return call(work, answered -> {});
    }

    /** As {@link #call(java.util.function.Supplier)}; {@code thenOnLoop} runs on the mesh thread right after the answer. */
    private <T> CompletableFuture<T> call(java.util.function.Supplier<T> work, Consumer<T> thenOnLoop) {
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean queued = loop.post(() -> {
            T answer;
            try {
                answer = work.get();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                throw e;
            }
            result.complete(answer);
            thenOnLoop.accept(answer);
        });
        if (!queued) result.completeExceptionally(new MeshClosedException());
        return result;
    }
}
