package dev.sesame.transport;

import dev.sesame.limits.Limits;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.HostPort;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Direct TCP ({@code docs/ARCHITECTURE.md} §Transports): dials {@link Endpoint.Direct} and, when
 * listening, accepts connections. The accept loop only accepts and hands each socket on as a
 * pipe: no TLS, no handshake and no blocking I/O on it, so one silent client never delays anyone
 * else. Host names are resolved here and nowhere else. Thread-safe.
 */
public final class TcpTransport implements Transport {
    private static final long ACCEPT_BACKOFF_MIN_MILLIS = 10;
    private static final long ACCEPT_BACKOFF_MAX_MILLIS = 1000;

    private final Optional<ServerSocket> server;
    private final ListenEndpoints endpoints = new ListenEndpoints();
    private final Runnable acceptTrouble;
    private volatile boolean closed;

    private TcpTransport(Optional<ServerSocket> server, Runnable acceptTrouble) {
        this.server = server;
        this.acceptTrouble = acceptTrouble;
    }

    /**
     * Binds a listener now (so its port is known before the first HELLO). {@code acceptTrouble}
     * is told once when accepting starts failing persistently (e.g. EMFILE), never once per failure.
     */
    public static TcpTransport listening(InetSocketAddress bind, Runnable acceptTrouble) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(bind, Limits.ACCEPT_BACKLOG);
        return new TcpTransport(Optional.of(socket), acceptTrouble);
    }

    /** Dials only ({@code --no-listen}): announces no endpoint. */
    public static TcpTransport dialOnly() {
        return new TcpTransport(Optional.empty(), () -> { });
    }

    /** The bound port, or 0 when not listening. */
    public int port() {
        return server.map(ServerSocket::getLocalPort).orElse(0);
    }

    public Optional<InetSocketAddress> localAddress() {
        return server.map(s -> (InetSocketAddress) s.getLocalSocketAddress());
    }

    @Override
    public boolean canDial(Endpoint endpoint) {
        return endpoint instanceof Endpoint.Direct;
    }

    @Override
    public Pipe dial(Endpoint endpoint) throws TransportException {
        if (!(endpoint instanceof Endpoint.Direct(HostPort address))) {
            throw new TransportException(TransportException.Reason.UNSUPPORTED, "not a direct endpoint");
        }
        if (closed) throw new TransportException(TransportException.Reason.CLOSED, "transport closed");
        if (address.host().toLowerCase(java.util.Locale.ROOT).endsWith(".onion")) {
            // Never ask the resolver for an onion name: that would tell the DNS server whom we call.
            throw new TransportException(TransportException.Reason.UNSUPPORTED, "an .onion address needs --tor");
        }
        InetSocketAddress resolved;
        try {
            resolved = new InetSocketAddress(InetAddress.getByName(address.host()), address.port());
        } catch (UnknownHostException e) {
            throw new TransportException(TransportException.Reason.UNRESOLVED, "cannot resolve " + address.host(), e);
        }
        Socket tcp = new Socket();
        try {
            tcp.connect(resolved, (int) Limits.TCP_CONNECT_TIMEOUT.toMillis());
            return SocketPipe.direct(tcp);
        } catch (IOException e) {
            SocketPipe.closeQuietly(tcp);
            TransportException.Reason reason = switch (e) {
                case ConnectException c -> TransportException.Reason.REFUSED;
                case SocketTimeoutException t -> TransportException.Reason.TIMEOUT;
                case NoRouteToHostException n -> TransportException.Reason.UNREACHABLE;
                default -> TransportException.Reason.FAILED;
            };
            throw new TransportException(reason, "cannot connect to " + address, e);
        }
    }

    /** Connects to a resolved address (tests and tools that already hold one). */
    public Pipe dial(InetSocketAddress address) throws TransportException {
        return dial(new Endpoint.Direct(new HostPort(hostLiteral(address.getAddress()), address.getPort())));
    }

    /** Wraps a socket that is already connected (tests and tools that make their own). */
    public static Pipe pipe(Socket connected) throws IOException {
        return SocketPipe.direct(connected);
    }

    @Override
    public void start(Incoming incoming) {
        server.ifPresent(s -> Thread.ofVirtual().name("accept-" + s.getLocalPort()).start(() -> acceptLoop(s, incoming)));
    }

    private void acceptLoop(ServerSocket listener, Incoming incoming) {
        long backoff = 0;
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (closed) return;
                // One failed accept (the client reset at once) concerns nobody; a persistent one
                // (EMFILE) must not spin a core: back off, and say so once per streak.
                if (backoff == 0) acceptTrouble.run();
                backoff = backoff == 0 ? ACCEPT_BACKOFF_MIN_MILLIS : Math.min(ACCEPT_BACKOFF_MAX_MILLIS, backoff * 2);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            backoff = 0;
            try {
                incoming.arrived(SocketPipe.direct(socket));
            } catch (IOException e) {
                SocketPipe.closeQuietly(socket); // reset between accept and setup
            }
        }
    }

    /** The listener's address, or when it listens on every interface their addresses (see {@link ListenEndpoints}). */
    @Override
    public List<Endpoint> reachableAt() {
        return localAddress().map(endpoints::of).orElse(List.of());
    }

    @Override
    public void close() {
        closed = true;
        server.ifPresent(s -> {
            try {
                s.close();
            } catch (IOException e) {
                // the loop ends either way
            }
        });
    }

    /** The host as a literal, without brackets or scope. */
    static String hostLiteral(InetAddress host) {
        String literal = host.getHostAddress();
        int scope = literal.indexOf('%');
        literal = scope < 0 ? literal : literal.substring(0, scope);
        return host instanceof Inet6Address && host.isAnyLocalAddress() ? "::" : literal;
    }

    static String literal(InetAddress host, int port) {
        String h = hostLiteral(host);
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + port;
    }
}
