package dev.sesame.chat;

import dev.sesame.crypto.SecretMemory;
import dev.sesame.link.PeerId;
import dev.sesame.link.TrafficShape;
import dev.sesame.mesh.Delivery;
import dev.sesame.mesh.DisplayNames;
import dev.sesame.mesh.Mesh;
import dev.sesame.mesh.MeshEvent;
import dev.sesame.mesh.PeerSnapshot;
import dev.sesame.mesh.UndeliveredReason;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The chat core both user interfaces share: it carries out {@link Command}s on the mesh and
 * turns {@link MeshEvent}s into {@link ChatEvent}s with names, fingerprints, safety numbers and
 * disappearing-message timers.
 *
 * <p>Thread-safety: {@link #handle} is called from one UI thread; mesh events arrive on the
 * mesh thread; the consumer of {@link ChatEvent}s must accept calls from both. {@link #panic()}
 * alone may be called from any thread (the terminal's keyboard thread acts on F12 itself, so a
 * panic works even when the UI thread is busy): swapping the mesh is serialised by a lock that
 * is never held while waiting on a peer, and the generation counter is atomic.
 *
 * <p>Receipts: the interface calls {@link #displayed} once a {@link ChatEvent.Message} is
 * really readable (written and flushed, or in the screen's history); only then does the sender
 * get its receipt (docs/SECURITY.md, "Honest ends").
 */
public final class ChatService {
    /** How a command leaves the interface: keep going, or exit (after a goodbye or a panic). */
    public enum Next { CONTINUE, EXIT }

    /** Builds a fresh mesh (with a fresh identity) that reports to the given consumer. */
    @FunctionalInterface
    public interface MeshFactory {
        Mesh create(Consumer<MeshEvent> events);
    }

    /** What the person chose at start. */
    public record Settings(String mode, TrafficShape shape, Optional<Duration> ttl, boolean rotateOnPanic,
                           boolean memoryLocked, List<String> warnings) {}

    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final Settings settings;
    private final MeshFactory factory;
    private final DisplayNameStore nameStore;
    private final Consumer<ChatEvent> ui;
    private final ScheduledExecutorService timer;
    private final Runnable panicExit;
    private final MeshEventTranslator translator = new MeshEventTranslator();
    private final SentFirst sentFirst = new SentFirst();
    private final Set<PeerId> verified = ConcurrentHashMap.newKeySet();
    /** Messages handed to the interface and not yet shown: their receipts wait (message id hex → where to send). */
    private final java.util.Map<String, PendingReceipt> unshown = new ConcurrentHashMap<>();

    private record PendingReceipt(Mesh mesh, PeerId from, dev.sesame.wire.MessageId id) {}
    private volatile Mesh mesh;
    /** Counts panics: events and timers of an older mesh are dropped, so nothing old reaches the new screen. */
    private final AtomicInteger generation = new AtomicInteger();
    /** Held while the mesh is replaced (start, panic); never while waiting on the network. */
    private final Object meshSwap = new Object();
    private volatile Optional<Duration> ttl;
    private volatile Optional<String> ownName;
    /** The {@code /query} target: a PeerId, so that a rename (or a look-alike) cannot take it over. */
    private volatile Optional<PeerId> query = Optional.empty();
    private volatile String queryLabel = "";

    public ChatService(Settings settings, MeshFactory factory, DisplayNameStore nameStore, Optional<String> ownName,
                       Consumer<ChatEvent> ui, ScheduledExecutorService timer, Runnable panicExit) {
        this.settings = settings;
        this.factory = factory;
        this.nameStore = nameStore;
        this.ui = ui;
        this.timer = timer;
        this.panicExit = panicExit;
        this.ttl = settings.ttl();
        this.ownName = ownName;
    }

    /** Starts listening and dialling; emits {@link ChatEvent.Ready}. */
    public void start() throws IOException {
        synchronized (meshSwap) {
            startMesh();
        }
    }

    private void startMesh() throws IOException {
        int mine = generation.get();
        mesh = factory.create(event -> {
            if (generation.get() == mine) onMeshEvent(event);
        });
        translator.own(mesh.ownId().hex(), ownName);
        mesh.start();
        mesh.setDisplayName(ownName);
        PeerId id = mesh.ownId();
        ui.accept(new ChatEvent.Ready(id.hex(), id.fingerprint(), listenLabel(), settings.mode(), ownName,
                settings.memoryLocked(), settings.warnings()));
    }

    private String listenLabel() {
        if (!mesh.listensDirectly()) {
            // --tor: the onion address is where others reach us (docs/HEADLESS.md "ready");
            // --no-listen: reachable through relays only, so no address of our own.
            return mesh.ownEndpoints().stream().filter(e -> e instanceof dev.sesame.wire.Endpoint.Onion).findFirst()
                    .map(Object::toString).orElse("");
        }
        var address = mesh.listenAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "0.0.0.0" : address.getAddress().getHostAddress();
        if (host.indexOf(':') >= 0) host = "[" + host + "]";
        return host + ":" + address.getPort();
    }

    public PeerId ownId() {
        return mesh.ownId();
    }

    /**
     * How many peers this run knows that have not left: linked, or down for less than the
     * delivery timeout. Completes on the mesh thread; never completes once the mesh is closed.
     */
    public java.util.concurrent.CompletableFuture<Integer> knownPeers() {
        Mesh current = mesh;
        return current == null ? java.util.concurrent.CompletableFuture.completedFuture(0) : current.knownPeers();
    }

    /**
     * Completes when a line said to everyone would find room in the outboxes (see
     * {@link Mesh#roomToSend}). Headless mode waits for it before each line it sends, so a fast
     * script is slowed to the links' pace instead of losing messages; the terminal interface
     * can wait for it between the lines of a paste. Never completes normally once closed: it
     * fails with {@link dev.sesame.mesh.MeshClosedException}.
     */
    public java.util.concurrent.CompletableFuture<Void> roomToSay() {
        Mesh current = mesh;
        return current == null ? java.util.concurrent.CompletableFuture.completedFuture(null) : current.roomToSend(Optional.empty());
    }

    public Optional<Duration> ttl() {
        return ttl;
    }

    public Next handle(Command command) {
        switch (command) {
            case Command.Say say -> say(say.text());
            case Command.Action action -> say("/me " + action.text());
            case Command.Query query -> query(query.target());
            case Command.ShowTtl show -> ui.accept(new ChatEvent.Info(ttl.map(t -> "your messages disappear after "
                    + t.toSeconds() + " s (/ttl off to stop)").orElse("disappearing messages are off (/ttl SECONDS to start)")));
            case Command.Connect connect -> connect(connect.hostPort());
            case Command.Retry retry -> retry(retry.target());
            case Command.Bell bell -> ui.accept(new ChatEvent.Error("/bell is for the terminal interface"));
            case Command.SetTimeSeconds time -> ui.accept(new ChatEvent.Error("/set time is for the terminal interface"));
            case Command.Whisper whisper -> resolve(whisper.target()).ifPresent(p -> send(whisper.text(), Optional.of(p.peerId())));
            case Command.ListPeers list -> {
                ui.accept(new ChatEvent.Peers(peerViews()));
                ui.accept(dialList());
            }
            case Command.Verify verify -> resolve(verify.target()).ifPresent(p -> verify(p, verify.confirm()));
            case Command.SetTtl set -> {
                ttl = set.ttl();
                ui.accept(new ChatEvent.Settings(ttl.map(Duration::toSeconds), ownName));
            }
            case Command.Rename rename -> rename(rename.name());
            case Command.Clear clear -> ui.accept(new ChatEvent.Cleared());
            case Command.Help help -> help(help.topic());
            case Command.Stats stats -> ui.accept(stats());
            case Command.Invalid invalid -> ui.accept(new ChatEvent.Error(invalid.message()));
            case Command.Quit quit -> {
                quit();
                return Next.EXIT;
            }
            case Command.Panic panic -> {
                return panic();
            }
        }
        return Next.CONTINUE;
    }

    /** Says goodbye on every link, waits briefly for it to leave, emits {@link ChatEvent.Bye}. */
    public void quit() {
        Mesh current = mesh;
        if (current != null) {
            try {
                current.leave().get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Leaving is best effort: the links close when the process exits anyway.
            }
            current.close();
        }
        ui.accept(new ChatEvent.Bye());
    }

    /**
     * Panic: drop every link and the listener without a word (the peers see the connection
     * reset, never a goodbye), then wipe. By default every secret is wiped and {@code panicExit}
     * runs (it ends the process; the interfaces pass one that also clears the screen).
     *
     * <p>With {@code --panic rotate}: every secret except the pinned phrase key is wiped (the
     * phrase key is what lets the node accept peers again), names, verifications and the
     * screen are cleared, the display name is dropped for this run (it would tie the new identity
     * to the old), and a new mesh starts with a new certificate and PeerId. Nothing of
     * the old mesh reaches the interface after this call.
     *
     * <p>Thread-safe: may be called from any thread, also while the UI thread is in {@link #handle}.
     */
    public Next panic() {
        synchronized (meshSwap) {
            return panicLocked();
        }
    }

    private Next panicLocked() {
        generation.incrementAndGet();
        Mesh current = mesh;
        if (current != null) current.close();
        if (!settings.rotateOnPanic()) {
            SecretMemory.global().wipeAll();
            panicExit.run();
            return Next.EXIT;
        }
        SecretMemory.global().wipeUnpinned();
        translator.forget();
        sentFirst.forget();
        verified.clear();
        ownName = Optional.empty(); // a fresh identity must not carry the old name (the saved one is untouched)
        ui.accept(new ChatEvent.Cleared());
        try {
            startMesh();
        } catch (IOException | RuntimeException e) {
            ui.accept(new ChatEvent.Error("cannot listen again after the panic: " + e.getMessage()));
            SecretMemory.global().wipeAll();
            panicExit.run();
            return Next.EXIT;
        }
        return Next.CONTINUE;
    }

    private void send(String text, Optional<PeerId> to) {
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > dev.sesame.limits.Limits.MAX_TEXT_BYTES) {
            ui.accept(new ChatEvent.Error("message too long (limit " + dev.sesame.limits.Limits.MAX_TEXT_BYTES + " bytes)"));
            return;
        }
        Duration life = ttl.orElse(Duration.ZERO);
        int mine = generation.get();
        var future = mesh.sendChat(text, life, to, a -> sentFirst.accepted(a.id().hex()));
        Optional<Delivery.Accepted> accepted = await(future);
        if (accepted.isPresent()) {
            reportSentUnlessPanicked(accepted.get(), mine, text, to, life);
        } else {
            // Late, not lost: if the mesh takes it after all, it is reported then (and its receipts
            // after it), on the mesh thread, so without a headless tag (docs/HEADLESS.md).
            future.thenAccept(late -> reportSentUnlessPanicked(late, mine, text, to, life));
        }
    }

    /** A panic since the send began: nothing of the old mesh reaches the interface, and nothing waits for it. */
    private void reportSentUnlessPanicked(Delivery.Accepted a, int mine, String text, Optional<PeerId> to, Duration life) {
        if (generation.get() == mine) {
            reportSent(a, text, to, life);
        } else {
            sentFirst.forget(a.id().hex());
        }
    }

    /** {@code sent}, then an {@code outbox_full} per recipient that had no room, then what waited for them ({@link SentFirst}). */
    private void reportSent(Delivery.Accepted a, String text, Optional<PeerId> to, Duration life) {
        String id = a.id().hex();
        sentFirst.reportSent(id, () -> {
            ui.accept(new ChatEvent.Sent(id, text, to.isPresent(), a.recipients().stream().map(PeerId::hex).toList(),
                    life.toSeconds()));
            for (PeerId full : a.outboxFull()) ui.accept(new ChatEvent.Undelivered(id, full.hex(), UndeliveredReason.OUTBOX_FULL));
        }, ui);
        if (!life.isZero()) expireLater(id, life);
    }

    private void help(Optional<String> topic) {
        if (topic.isEmpty()) {
            ui.accept(new ChatEvent.Info(CommandParser.HELP));
            return;
        }
        Optional<String> details = CommandHelp.details(topic.get());
        if (details.isPresent()) {
            ui.accept(new ChatEvent.Info(details.get()));
        } else {
            ui.accept(new ChatEvent.Error("no command " + topic.get() + CommandHelp.didYouMean(topic.get().startsWith("/")
                    ? topic.get() : "/" + topic.get()).map(m -> ": did you mean " + m + "?").orElse("") + " (/help lists them)"));
        }
    }

    /** Where a plain line goes now: the {@code /query} target's peer id (hex), or empty for everyone. */
    public Optional<String> queryTarget() {
        return query.map(PeerId::hex);
    }

    /** A plain line: to everyone, or privately to the {@code /query} target. */
    private void say(String text) {
        Optional<PeerId> target = query;
        if (target.isEmpty()) {
            send(text, Optional.empty());
            return;
        }
        List<PeerSnapshot> linked = await(mesh.peers()).orElse(List.of());
        if (linked.stream().noneMatch(p -> p.peerId().equals(target.get()))) {
            ui.accept(new ChatEvent.Error(queryLabel + " is not linked: not sent (/query alone ends the private conversation)"));
            return;
        }
        send(text, target);
    }

    private void query(Optional<String> target) {
        if (target.isEmpty()) {
            if (query.isPresent()) ui.accept(new ChatEvent.Info("private conversation with " + queryLabel + " ended: lines go to everyone"));
            query = Optional.empty();
            ui.accept(new ChatEvent.QueryChanged(Optional.empty(), Optional.empty()));
            return;
        }
        resolve(target.get()).ifPresent(peer -> {
            query = Optional.of(peer.peerId());
            queryLabel = peer.name().orElse("[" + peer.peerId().fingerprint() + "]");
            ui.accept(new ChatEvent.QueryChanged(Optional.of(peer.peerId().hex()), Optional.of(queryLabel)));
            ui.accept(new ChatEvent.Info("plain lines now go privately to " + queryLabel + " [" + peer.peerId().fingerprint()
                    + "]; /query alone ends it"));
        });
    }

    private void connect(String text) {
        Optional<dev.sesame.wire.HostPort> hostPort = dev.sesame.wire.HostPort.parse(text);
        if (hostPort.isEmpty()) {
            ui.accept(new ChatEvent.Error("/connect " + text + ": expected HOST:PORT"));
            return;
        }
        await(mesh.connect(hostPort.get())).ifPresent(added -> ui.accept(added
                ? new ChatEvent.Info("dialling " + hostPort.get() + " (and redialling it while this run lasts)")
                : new ChatEvent.Error("/connect: already " + dev.sesame.limits.Limits.MAX_CONFIGURED_TARGETS + " addresses to dial")));
    }

    /** {@code /retry}, {@code /retry HOST:PORT}, {@code /retry NAME} (a known peer that is not linked). */
    private void retry(Optional<String> target) {
        Optional<String> label = Optional.empty();
        Optional<PeerId> peer = Optional.empty();
        if (target.isPresent()) {
            if (dev.sesame.wire.HostPort.parse(target.get()).isPresent()) {
                label = target;
            } else {
                Optional<PeerId> absent = absentByName(target.get());
                if (absent.isEmpty()) {
                    ui.accept(new ChatEvent.Error("/retry " + target.get() + ": no address or known, unlinked peer by that name"));
                    return;
                }
                peer = absent;
            }
        }
        Optional<List<String>> done = await(mesh.retry(label, peer));
        done.ifPresent(labels -> ui.accept(labels.isEmpty()
                ? new ChatEvent.Info("nothing to redial" + target.map(t -> " for " + t).orElse("") + " (linked, or it said goodbye)")
                : new ChatEvent.Info("redialling now: " + String.join(", ", labels))));
    }

    /** A known peer that is not linked, by display name (any case) or fingerprint prefix; only if exactly one. */
    private Optional<PeerId> absentByName(String target) {
        String wanted = target.strip().toLowerCase(java.util.Locale.ROOT);
        List<PeerId> matches = await(mesh.absentPeers()).orElse(List.of()).stream()
                .filter(a -> a.name().map(n -> n.toLowerCase(java.util.Locale.ROOT).equals(wanted)).orElse(false)
                        || (wanted.length() >= 4 && a.peerId().compactFingerprint().toLowerCase(java.util.Locale.ROOT).startsWith(wanted)))
                .map(Mesh.Absent::peerId).toList();
        return matches.size() == 1 ? Optional.of(matches.getFirst()) : Optional.empty();
    }

    private ChatEvent.DialList dialList() {
        List<ChatEvent.DialView> targets = await(mesh.dialTargets()).orElse(List.of()).stream()
                .map(d -> new ChatEvent.DialView(d.target(), d.phase().code(), d.reason().map(dev.sesame.util.ReasonCode::code), d.retryInMillis(),
                        d.peer().map(PeerId::hex), d.configured())).toList();
        List<ChatEvent.AbsentView> absent = await(mesh.absentPeers()).orElse(List.of()).stream()
                .map(a -> new ChatEvent.AbsentView(a.peerId().hex(), a.peerId().fingerprint(), a.name(),
                        a.lastSeen().toEpochMilli(), a.reason().code(), a.redialling())).toList();
        return new ChatEvent.DialList(targets, absent);
    }

    private void rename(String raw) {
        Optional<String> name = DisplayNames.sanitize(raw);
        if (name.isEmpty()) {
            ui.accept(new ChatEvent.Error("that name is empty once control characters are removed"));
            return;
        }
        ownName = name;
        translator.own(mesh.ownId().hex(), name);
        mesh.setDisplayName(name);
        ui.accept(new ChatEvent.Settings(ttl.map(Duration::toSeconds), ownName));
        try {
            nameStore.save(name.get());
            nameStore.file().ifPresentOrElse(
                    f -> ui.accept(new ChatEvent.Info("name saved to " + f)),
                    () -> ui.accept(new ChatEvent.Info("name not saved: decoy mode writes nothing")));
        } catch (IOException e) {
            ui.accept(new ChatEvent.Error("could not save the name: " + e.getMessage()));
        }
    }

    private void verify(PeerSnapshot peer, boolean confirm) {
        if (confirm) verified.add(peer.peerId());
        SafetyNumber number = SafetyNumber.of(peer.safetyMaterial());
        ui.accept(new ChatEvent.SafetyNumber(peer.peerId().hex(), peer.peerId().fingerprint(), peer.name(), number.digits(),
                number.emoji(), verified.contains(peer.peerId())));
    }

    private ChatEvent.Stats stats() {
        var linkStats = await(mesh.linkStats()).orElse(List.of());
        var peers = await(mesh.peers()).orElse(List.of());
        int queued = peers.stream().mapToInt(PeerSnapshot::queuedCells).sum();
        long sent = linkStats.stream().mapToLong(dev.sesame.link.LinkStats::cellsSent).sum();
        long padding = linkStats.stream().mapToLong(dev.sesame.link.LinkStats::paddingSent).sum();
        TrafficShape shape = settings.shape();
        return new ChatEvent.Stats(linkStats.size(), shape.cover(), shape.interval().toMillis(), shape.idleBytesPerHour(), shape.wireBytesPerHour(),
                queued, sent, padding);
    }

    private List<ChatEvent.PeerView> peerViews() {
        return await(mesh.peers()).orElse(List.of()).stream()
                .map(p -> new ChatEvent.PeerView(p.peerId().hex(), p.peerId().fingerprint(), p.name(), p.address(),
                        p.direction().code(), verified.contains(p.peerId()), p.via().code()))
                .toList();
    }

    /** Finds one linked peer by display name, fingerprint prefix or id prefix; reports an error otherwise. */
    private Optional<PeerSnapshot> resolve(String target) {
        List<PeerSnapshot> peers = await(mesh.peers()).orElse(List.of());
        TargetResolver.Result result = TargetResolver.resolve(target, peers, ownName);
        return switch (result) {
            case TargetResolver.Result.Found found -> Optional.of(found.peer());
            case TargetResolver.Result.NotFound notFound -> {
                ui.accept(new ChatEvent.Error(notFound.message()));
                yield Optional.empty();
            }
        };
    }

    private <T> Optional<T> await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return Optional.of(future.get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            ui.accept(new ChatEvent.Error("the mesh did not answer in time"));
        }
        return Optional.empty();
    }

    private void expireLater(String id, Duration after) {
        int mine = generation.get();
        timer.schedule(() -> {
            if (generation.get() == mine) ui.accept(new ChatEvent.Expired(id));
        }, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The interface has shown {@code message} where a person or program can read it: the sender
     * gets its receipt now. Thread-safe; a message this service never handed out is ignored.
     */
    public void displayed(ChatEvent.Message message) {
        PendingReceipt pending = unshown.remove(message.id());
        if (pending != null) pending.mesh().shown(pending.from(), pending.id());
    }

    private void onMeshEvent(MeshEvent event) {
        if (event instanceof MeshEvent.ChatReceived chat && unshown.size() < dev.sesame.limits.Limits.MAX_UNSHOWN_MESSAGES) {
            // Beyond the limit the message is still shown, but never acknowledged: the sender hears "undelivered".
            unshown.put(chat.id().hex(), new PendingReceipt(mesh, chat.from(), chat.id()));
        }
        translator.translate(event).forEach(e -> sentFirst.emit(e, ui));
        if (event instanceof MeshEvent.ChatReceived chat && chat.ttlMillis() > 0) {
            expireLater(chat.id().hex(), Duration.ofMillis(chat.ttlMillis()));
        }
    }
}
