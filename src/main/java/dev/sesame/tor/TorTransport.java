package dev.sesame.tor;

import dev.sesame.transport.Pipe;
import dev.sesame.transport.PipeSource;
import dev.sesame.transport.SocketPipe;
import dev.sesame.transport.Transport;
import dev.sesame.transport.TransportException;
import dev.sesame.transport.Via;
import dev.sesame.wire.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Onion services as a transport ({@code --tor}, docs/ARCHITECTURE.md §Transports): dials
 * {@link Endpoint.Onion} through tor's SOCKS port, and takes incoming pipes from the onion
 * service's local target, a listener on 127.0.0.1 that only tor connects to. It dials nothing
 * else and opens no other connection: the only TCP connections it makes are to tor.
 * Thread-safe.
 */
public final class TorTransport implements Transport {
    private final InetSocketAddress socks;
    private final ServerSocket target;
    private final Duration dialTimeout;
    private final Optional<Socks5Client.Isolation> isolation;
    private final AtomicReference<Endpoint.Onion> published = new AtomicReference<>();
    private volatile boolean closed;
    private volatile Incoming incoming;
    private final java.util.concurrent.atomic.AtomicBoolean accepting = new java.util.concurrent.atomic.AtomicBoolean();

    private TorTransport(InetSocketAddress socks, ServerSocket target, Duration dialTimeout, Optional<Socks5Client.Isolation> isolation) {
        this.socks = socks;
        this.target = target;
        this.dialTimeout = dialTimeout;
        this.isolation = isolation;
    }

    /**
     * Binds the onion service's target on 127.0.0.1 (an ephemeral port) now, so that ADD_ONION
     * can name it. {@code socks} must be on loopback.
     */
    public static TorTransport bind(InetSocketAddress socks, Duration dialTimeout, Optional<Socks5Client.Isolation> isolation)
            throws IOException {
        if (socks.isUnresolved() || !socks.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("tor's SOCKS port must be a loopback address");
        }
        ServerSocket target = new ServerSocket();
        target.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        return new TorTransport(socks, target, dialTimeout, isolation);
    }

    /** The local port tor forwards the onion service's virtual port to. */
    public int targetPort() {
        return target.getLocalPort();
    }

    /** Called once the descriptor is uploaded: from now on this node announces {@code onion}. */
    public void published(Endpoint.Onion onion) {
        published.set(onion);
    }

    @Override
    public boolean canDial(Endpoint endpoint) {
        return endpoint instanceof Endpoint.Onion;
    }

    @Override
    public Pipe dial(Endpoint endpoint) throws TransportException {
        if (!(endpoint instanceof Endpoint.Onion onion)) {
            throw new TransportException(TransportException.Reason.UNSUPPORTED, "over Tor only onion endpoints are dialled");
        }
        if (closed) throw new TransportException(TransportException.Reason.CLOSED, "transport closed");
        Endpoint.Onion self = published.get();
        if (onion.equals(self)) throw new TransportException(TransportException.Reason.REFUSED, "that is our own onion address");
        Socket socket = new Socket();
        try {
            socket.connect(socks, (int) dev.sesame.limits.Limits.TCP_CONNECT_TIMEOUT.toMillis());
            // The SOCKS exchange lasts until tor has fetched the descriptor and met the service
            // at a rendezvous point: seconds, sometimes a minute; bounded by the dial timeout.
            socket.setSoTimeout((int) dialTimeout.toMillis());
            Socks5Client.connect(socket.getInputStream(), socket.getOutputStream(), onion.serviceId() + ".onion", onion.port(), isolation);
            socket.setSoTimeout(0);
            return onionPipe(socket, onion.toString());
        } catch (Socks5Exception e) {
            SocketPipe.closeQuietly(socket);
            TransportException.Reason reason = switch (e.reason()) {
                case HOST_UNREACHABLE, ONION_FAILURE, GENERAL_FAILURE, NETWORK_UNREACHABLE -> TransportException.Reason.UNREACHABLE;
                case CONNECTION_REFUSED, NOT_ALLOWED -> TransportException.Reason.REFUSED;
                case TTL_EXPIRED -> TransportException.Reason.TIMEOUT;
                default -> TransportException.Reason.FAILED;
            };
            throw new TransportException(reason, "tor could not reach " + onion + ": " + e.reason().code(), e);
        } catch (SocketTimeoutException e) {
            SocketPipe.closeQuietly(socket);
            throw new TransportException(TransportException.Reason.TIMEOUT, "tor did not reach " + onion + " within " + dialTimeout.toSeconds() + " s", e);
        } catch (IOException e) {
            SocketPipe.closeQuietly(socket);
            throw new TransportException(TransportException.Reason.FAILED, "cannot use tor's SOCKS port " + socks + ": " + e.getMessage(), e);
        }
    }

    /** Incoming pipes go to {@code incoming} from now on (a mesh made after a panic rotate takes over). */
    @Override
    public void start(Incoming incoming) {
        this.incoming = incoming;
        if (accepting.compareAndSet(false, true)) Thread.ofVirtual().name("tor-accept").start(this::acceptLoop);
    }

    /**
     * This transport as one mesh sees it: closing the view stops that mesh's use of it, not the
     * onion service, which lives for the whole run (docs/USAGE.md "Over Tor", panic rotate).
     */
    public Transport meshView() {
        TorTransport shared = this;
        return new Transport() {
            private volatile Incoming mine;

            @Override public boolean canDial(Endpoint endpoint) { return shared.canDial(endpoint); }
            @Override public Pipe dial(Endpoint endpoint) throws TransportException { return shared.dial(endpoint); }
            @Override public void start(Incoming in) { mine = in; shared.start(in); }
            @Override public List<Endpoint> reachableAt() { return shared.reachableAt(); }
            @Override public void close() { shared.detach(mine); }
        };
    }

    private void detach(Incoming from) {
        if (from != null && incoming == from) incoming = null;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = target.accept();
            } catch (IOException e) {
                if (closed) return;
                try {
                    Thread.sleep(100); // a persistent accept failure (EMFILE) must not spin a core
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            // Bound to 127.0.0.1, so only local processes get here; tor is the one we expect.
            if (!socket.getInetAddress().isLoopbackAddress()) {
                SocketPipe.closeQuietly(socket);
                continue;
            }
            Incoming to = incoming;
            if (to == null) { // between two meshes (panic rotate): nobody to hand it to
                SocketPipe.closeQuietly(socket);
                continue;
            }
            try {
                to.arrived(onionPipe(socket, "tor"));
            } catch (IOException e) {
                SocketPipe.closeQuietly(socket);
            }
        }
    }

    /**
     * An onion stream as a pipe: a loopback socket to or from the local tor. Its source is always
     * {@link PipeSource.Tor}: every onion pipe arrives from the same tor, so they share one
     * admission budget (docs/SECURITY.md "Tor"). It never says a remote host: there is none to know.
     */
    private static Pipe onionPipe(Socket socket, String label) throws IOException {
        return new SocketPipe(socket, new PipeSource.Tor(), Via.TOR, label, Optional.empty());
    }

    /** Only the onion endpoint, once published: never an IP address. */
    @Override
    public List<Endpoint> reachableAt() {
        Endpoint.Onion onion = published.get();
        return onion == null ? List.of() : List.of(onion);
    }

    @Override
    public void close() {
        closed = true;
        SocketPipe.closeQuietly(target);
    }
}
