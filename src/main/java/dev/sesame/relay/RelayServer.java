package dev.sesame.relay;

import dev.sesame.limits.Limits;
import dev.sesame.link.Identity;
import dev.sesame.link.TlsChannel;
import dev.sesame.link.TlsContext;
import dev.sesame.transport.PipeSource;
import dev.sesame.util.Clock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
    private final ServerSocket server;
    private final TlsContext tls;
    private final RelayFingerprint fingerprint;
    private final Rooms rooms;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Map<PipeSource.Address, Integer> perSource = new HashMap<>();
    private int connections;
    private volatile boolean closed;

    private RelayServer(ServerSocket server, Identity identity, SecureRandom random, Clock clock, ScheduledExecutorService timer) {
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
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(address, 128);
        return new RelayServer(socket, Identity.generate(random), random, clock, timer);
    }

    public RelayFingerprint fingerprint() {
        return fingerprint;
    }

    public int port() {
        return server.getLocalPort();
    }

    public void start() {
        Thread.ofVirtual().name("relay-accept").start(this::acceptLoop);
        timer.scheduleAtFixedRate(rooms::prune, 60, 60, TimeUnit.SECONDS);
    }

    private void acceptLoop() {
        long backoffMillis = 0;
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
                backoffMillis = 0;
            } catch (IOException e) {
                if (closed) return;
                // a persistent failure (EMFILE) must not spin a core
                backoffMillis = Math.min(1000, Math.max(10, backoffMillis * 2));
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            PipeSource.Address source = PipeSource.Address.of(socket.getInetAddress());
            if (!admit(source)) {
                TlsChannel.closeQuietly(socket); // TOO_MANY_CONNECTIONS: no TLS is spent on it
                continue;
            }
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) leave(source);
            };
            RelayConnection connection = new RelayConnection(socket, source, tls, rooms, clock, timer, release);
            Thread.ofVirtual().name("relay-conn").start(connection::run);
        }
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
        try {
            server.close();
        } catch (IOException e) {
            // the loop ends either way
        }
    }
}
