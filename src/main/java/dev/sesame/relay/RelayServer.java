package dev.sesame.relay;

import dev.sesame.limits.Limits;
import dev.sesame.link.Identity;
import dev.sesame.link.TlsContext;
import dev.sesame.transport.PipeSource;
import dev.sesame.util.Clock;
import dev.sesame.transport.Pipe;
import dev.sesame.transport.TcpTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code sesame relay}: a blind meeting point ({@code docs/PROTOCOL.md}, "Relay"). It accepts TLS
 * 1.3 connections under its own ephemeral Ed25519 certificate, lets members register in rooms
 * known only by a hash, tells them who is present, and splices one pipe per request between two
 * members, inside which their own end-to-end link runs. RAM only; it stores no message.
 *
 * <p>The accept loop only accepts and counts: at most {@link Limits#RELAY_MAX_CONNECTIONS}
 * connections, {@link Limits#RELAY_MAX_CONNECTIONS_PER_SOURCE} from one source; each admitted one
 * gets a virtual thread ({@link RelayConnection}) whose slot is released exactly once. Thread-safe.
 */
public final class RelayServer implements AutoCloseable {
    private final TcpTransport server;
    private final TlsContext tls;
    private final RelayFingerprint fingerprint;
    private final Rooms rooms;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Splicer.Factory splicing;
    private final Map<PipeSource.Address, Integer> perSource = new HashMap<>();
    private int connections;
    private volatile boolean closed;

    private RelayServer(TcpTransport server, Identity identity, SecureRandom random, Clock clock, ScheduledExecutorService timer,
                        Splicer.Factory splicing) {
        this.splicing = splicing;
        this.server = server;
        this.tls = new TlsContext(identity, random);
        this.fingerprint = new RelayFingerprint(identity.peerId().bytes());
        this.rooms = new Rooms(clock, random, timer);
        this.clock = clock;
        this.timer = timer;
    }

    /** Binds now (so a bind error is reported before anything is printed) with a fresh identity. */
    public static RelayServer bind(InetSocketAddress address, SecureRandom random, Clock clock, ScheduledExecutorService timer)
            throws IOException {
        return bind(address, random, clock, timer, Splicer.HONEST);
    }

    /** With another splice: for tests of what a hostile relay can and cannot do. */
    static RelayServer bind(InetSocketAddress address, SecureRandom random, Clock clock, ScheduledExecutorService timer,
                            Splicer.Factory splicing) throws IOException {
        TcpTransport socket = TcpTransport.listening(address, () -> { });
        return new RelayServer(socket, Identity.generate(random), random, clock, timer, splicing);
    }

    public RelayFingerprint fingerprint() {
        return fingerprint;
    }

    public int port() {
        return server.port();
    }

    public void start() {
        server.start(this::arrived);
        timer.scheduleAtFixedRate(rooms::prune, 60, 60, TimeUnit.SECONDS);
    }

    /** On the accept loop: count, and hand over to a virtual thread; no I/O here. */
    private void arrived(Pipe pipe) {
        if (closed || !(pipe.source() instanceof PipeSource.Address source) || !admit(source)) {
            pipe.abort(); // TOO_MANY_CONNECTIONS: no TLS is spent on it
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) leave(source);
        };
        RelayConnection connection = new RelayConnection(pipe, source, tls, rooms, clock, timer, release, splicing);
        Thread.ofVirtual().name("relay-conn").start(connection::run);
    }

    private synchronized boolean admit(PipeSource.Address source) {
        if (connections >= Limits.RELAY_MAX_CONNECTIONS) return false;
        if (perSource.getOrDefault(source, 0) >= Limits.RELAY_MAX_CONNECTIONS_PER_SOURCE) return false;
        connections++;
        perSource.merge(source, 1, Integer::sum);
        return true;
    }

    private synchronized void leave(PipeSource.Address source) {
        connections--;
        perSource.computeIfPresent(source, (s, n) -> n == 1 ? null : n - 1);
    }

    public RelayStats stats() {
        int now;
        synchronized (this) {
            now = connections;
        }
        return rooms.stats(now);
    }

    @Override
    public void close() {
        closed = true;
        server.close();
    }
}
