package dev.sesame.tor;

import dev.sesame.limits.Limits;
import dev.sesame.wire.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One run's use of tor (docs/USAGE.md "Over Tor"): find tor (the given control port, a system
 * tor at 9051, Tor Browser at 9151, else an own tor if the binary is installed), authenticate,
 * wait for the bootstrap, add this run's ephemeral onion service and wait until its descriptor
 * is uploaded, so that {@code ready} means "others can reach me". Afterwards tor going away is
 * reported once through {@link Listener#down}. Thread-safe.
 */
public final class TorSession implements AutoCloseable {
    /** Progress and failure, for the interface: called on a tor thread or the starting thread. */
    public interface Listener {
        void bootstrap(int percent, String summary);

        void down(TorDownReason reason, String detail);
    }

    private static final List<Integer> USUAL_CONTROL_PORTS = List.of(9051, 9151); // system tor, Tor Browser
    private static final Duration OWN_TOR_START_TIMEOUT = Duration.ofSeconds(30);

    private final TorController controller;
    private final Optional<OwnTor> ownTor;
    private final TorTransport transport;
    private final Endpoint.Onion onion;
    private final EventRelay events;

    private TorSession(TorController controller, Optional<OwnTor> ownTor, TorTransport transport, Endpoint.Onion onion, EventRelay events) {
        this.events = events;
        this.controller = controller;
        this.ownTor = ownTor;
        this.transport = transport;
        this.onion = onion;
    }

    /** Blocks until the onion service is published, or fails with the reason and one line for the person. */
    public static TorSession start(TorSettings settings, Listener listener, SecureRandom random, Map<String, String> env)
            throws TorException {
        EventRelay events = new EventRelay(listener);
        Optional<OwnTor> own = Optional.empty();
        TorController controller = null;
        TorTransport transport = null;
        try {
            Optional<TorController> found = findRunning(settings, events, random);
            if (found.isPresent()) {
                controller = found.get();
                controller.authenticate();
            } else {
                Path binary = OwnTor.findBinary(env).orElseThrow(() -> new TorException(TorDownReason.NOT_FOUND,
                        "--tor needs tor: install it (Debian/Ubuntu: apt install tor; macOS: brew install tor), or start Tor Browser"));
                own = Optional.of(OwnTor.start(binary, settings.ownTorrc(), OWN_TOR_START_TIMEOUT));
                controller = TorController.connect(own.get().control(), events::offer, random);
                controller.authenticate();
                controller.takeOwnership();
            }
            controller.watchEvents();
            awaitBootstrap(controller, events, listener, settings.bootstrapTimeout());
            InetSocketAddress socks = settings.socks().isPresent() ? settings.socks().get()
                    : controller.socksListeners().stream().findFirst()
                            .orElseThrow(() -> new TorException(TorDownReason.NO_SOCKS, "tor has no SOCKS port on loopback (SocksPort 9050 in its torrc)"));
            byte[] user = new byte[8];
            random.nextBytes(user);
            // Our own circuits: never shared with a browser using the same tor (IsolateSOCKSAuth).
            transport = TorTransport.bind(socks, settings.dialTimeout(),
                    Optional.of(new Socks5Client.Isolation("sesame-" + HexFormat.of().formatHex(user), "sesame")));
            String id = controller.addOnion(settings.virtualPort(), transport.targetPort());
            awaitDescriptor(events, id, settings.descriptorTimeout());
            Endpoint.Onion onion = new Endpoint.Onion(id, settings.virtualPort());
            transport.published(onion);
            events.goLive();
            return new TorSession(controller, own, transport, onion, events);
        } catch (TorControlException e) {
            cleanUp(controller, own, transport);
            throw new TorException(TorDownReason.of(e), e.getMessage(), e);
        } catch (IOException e) {
            cleanUp(controller, own, transport);
            throw new TorException(TorDownReason.OWN_TOR_FAILED, "cannot bind the onion service's local port: " + e.getMessage(), e);
        } catch (TorException | RuntimeException e) {
            cleanUp(controller, own, transport);
            throw e;
        }
    }

    private static Optional<TorController> findRunning(TorSettings settings, EventRelay events, SecureRandom random)
            throws TorControlException {
        if (settings.control().isPresent()) return Optional.of(TorController.connect(settings.control().get(), events::offer, random));
        for (int port : USUAL_CONTROL_PORTS) {
            try {
                return Optional.of(TorController.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), events::offer, random));
            } catch (TorControlException e) {
                if (e.reason() != TorControlException.Reason.UNREACHABLE) throw e;
            }
        }
        return Optional.empty();
    }

    private static void awaitBootstrap(TorController controller, EventRelay events, Listener listener, Duration timeout)
            throws TorControlException, TorException {
        TorEvent.Bootstrap phase = controller.bootstrapPhase();
        listener.bootstrap(phase.progress(), phase.summary());
        int shown = phase.progress();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (shown < 100) {
            TorEvent event = events.next(deadline).orElseThrow(() -> new TorException(TorDownReason.BOOTSTRAP_TIMEOUT,
                    "tor did not finish bootstrapping within " + timeout.toSeconds() + " s"));
            switch (event) {
                case TorEvent.Bootstrap b -> {
                    if (b.progress() > shown) {
                        shown = b.progress();
                        listener.bootstrap(b.progress(), b.summary());
                    }
                }
                case TorEvent.BootstrapProblem p -> listener.bootstrap(p.progress(), "problem: " + p.reason() + " " + p.warning());
                case TorEvent.ConnectionLost lost -> throw new TorException(TorDownReason.of(new TorControlException(lost.reason(), lost.detail())), lost.detail());
                default -> { }
            }
        }
    }

    private static void awaitDescriptor(EventRelay events, String id, Duration timeout) throws TorException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int failures = 0;
        while (true) {
            int failed = failures;
            TorEvent event = events.next(deadline).orElseThrow(() -> new TorException(TorDownReason.DESCRIPTOR_TIMEOUT,
                    "the onion service's descriptor was not uploaded within " + timeout.toSeconds() + " s (" + failed + " directories refused it)"));
            switch (event) {
                case TorEvent.DescriptorUploaded u when u.serviceId().equals(id) -> {
                    return;
                }
                case TorEvent.DescriptorFailed f when f.serviceId().equals(id) -> failures++;
                case TorEvent.ConnectionLost lost -> throw new TorException(TorDownReason.EXITED, lost.detail());
                default -> { }
            }
        }
    }

    private static void cleanUp(TorController controller, Optional<OwnTor> own, TorTransport transport) {
        if (transport != null) transport.close();
        if (controller != null) controller.close();
        own.ifPresent(OwnTor::close);
    }

    /** From now on tor going away is reported to {@code listener} (the interface, once it is up). */
    public void reportTo(Listener listener) {
        events.listener = listener;
    }

    public TorTransport transport() {
        return transport;
    }

    public Endpoint.Onion onion() {
        return onion;
    }

    /** True when Sesame started this tor itself. */
    public boolean ownTor() {
        return ownTor.isPresent();
    }

    /**
     * Removes the onion service, then hangs up: an own tor exits and its directory is deleted.
     * Closing the control connection alone would also remove the service (it is ephemeral).
     */
    @Override
    public void close() {
        transport.close();
        try {
            if (controller.open()) controller.delOnion(onion.serviceId());
        } catch (TorControlException e) {
            // tor is going or gone: the service goes with the connection
        }
        controller.close();
        ownTor.ifPresent(OwnTor::close);
    }

    /**
     * Queues tor's events while starting (bounded: progress beyond the bound is dropped, the
     * phase is read again anyway), then passes a lost connection to the listener.
     */
    private static final class EventRelay {
        private final BlockingQueue<TorEvent> queue = new ArrayBlockingQueue<>(Limits.MAX_TOR_QUEUED_EVENTS);
        private volatile Listener listener;
        private volatile boolean live;

        EventRelay(Listener listener) {
            this.listener = listener;
        }

        void offer(TorEvent event) {
            if (live) {
                if (event instanceof TorEvent.ConnectionLost lost) listener.down(TorDownReason.EXITED, lost.detail());
                return;
            }
            if (!queue.offer(event) && event instanceof TorEvent.ConnectionLost) {
                queue.clear();
                queue.offer(event);
            }
        }

        Optional<TorEvent> next(long deadlineNanos) {
            try {
                long wait = deadlineNanos - System.nanoTime();
                return wait <= 0 ? Optional.empty() : Optional.ofNullable(queue.poll(wait, TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        void goLive() {
            live = true;
            for (TorEvent e; (e = queue.poll()) != null; ) offer(e);
        }
    }
}
