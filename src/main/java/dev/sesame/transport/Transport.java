package dev.sesame.transport;

import dev.sesame.wire.Endpoint;
import java.io.IOException;
import java.util.List;

/**
 * One way of reaching nodes: dials {@link Endpoint}s into {@link Pipe}s and delivers incoming
 * pipes ({@code docs/ARCHITECTURE.md} §Transports). Direct TCP is {@link TcpTransport}; the relay
 * and Tor are others. Thread-safe.
 */
public interface Transport extends AutoCloseable {
    /** Told about each incoming pipe, on the transport's own thread: must return quickly and owns the pipe afterwards. */
    interface Incoming {
        void arrived(Pipe pipe);
    }

    /** True if {@link #dial} can try this endpoint. */
    boolean canDial(Endpoint endpoint);

    /**
     * Opens a pipe to {@code endpoint}; blocks for at most a bound of the transport's own (e.g.
     * {@code Limits.TCP_CONNECT_TIMEOUT}).
     */
    Pipe dial(Endpoint endpoint) throws TransportException;

    /** Starts delivering incoming pipes (a transport that only dials ignores this). */
    void start(Incoming incoming) throws IOException;

    /** The endpoints at which this node is reachable through this transport, announced in HELLO and PEERS. */
    List<Endpoint> reachableAt();

    /** Stops accepting and dialling; pipes already handed out stay open. Idempotent. */
    @Override
    void close();
}
