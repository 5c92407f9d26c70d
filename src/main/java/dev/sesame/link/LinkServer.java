package dev.sesame.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The accept loop. It only accepts, asks the admission policy, and hands each admitted
 * connection to its own virtual thread: no TLS, no handshake and no blocking I/O on this loop,
 * so one silent client never delays anyone else. Thread-safe.
 */
public final class LinkServer implements AutoCloseable {
    /** Decides at once whether a new connection may proceed; a present value is the refusal reason. */
    public interface Admission extends Function<RemoteAddress, Optional<String>> {}

    /** Told about every refused connection. */
    public interface Refusals {
        void refused(RemoteAddress address, String reason);
    }

    private final ServerSocket server;
    private final Admission admission;
    private final Refusals refusals;
    private final Consumer<Socket> handler;
    private volatile boolean closed;

    public LinkServer(InetSocketAddress bind, Admission admission, Refusals refusals, Consumer<Socket> handler)
            throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(bind, 64);
        this.admission = admission;
        this.refusals = refusals;
        this.handler = handler;
    }

    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public void start() {
        Thread.ofVirtual().name("accept-" + port()).start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed) return;
                continue; // a failed accept (e.g. the client reset at once) concerns nobody else
            }
            RemoteAddress from = RemoteAddress.of((InetSocketAddress) socket.getRemoteSocketAddress());
            Optional<String> refusal = admission.apply(from);
            if (refusal.isPresent()) {
                TlsChannel.closeQuietly(socket);
                refusals.refused(from, refusal.get());
                continue;
            }
            Thread.ofVirtual().name("accepted-" + from).start(() -> handler.accept(socket));
        }
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
