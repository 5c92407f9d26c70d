package dev.sesame.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link Pipe} on a connected socket: a direct TCP connection ({@link #direct(Socket)}) or a
 * loopback stream to or from the local tor (built by the tor transport with its own source,
 * via and label). Close is orderly and idempotent; abort resets the socket (SO_LINGER 0).
 */
public final class SocketPipe implements Pipe {
    private final Socket socket;
    private final PipeSource source;
    private final Via via;
    private final String label;
    private final Optional<String> remoteHost;
    private final InputStream input;
    private final OutputStream output;

    /**
     * @param remoteHost the far end's host literal, or empty when the socket's peer is not the
     *     far end (a stream through tor has no remote host to know)
     */
    public SocketPipe(Socket socket, PipeSource source, Via via, String label, Optional<String> remoteHost)
            throws IOException {
        this.socket = socket;
        this.source = source;
        this.via = via;
        this.label = label;
        this.remoteHost = remoteHost;
        socket.setTcpNoDelay(true); // one cell, one TLS record, one write (docs/PROTOCOL.md §Cells)
        this.input = socket.getInputStream();
        this.output = socket.getOutputStream();
    }

    /** A direct TCP connection: admitted by the remote address, labelled {@code host:port}. */
    static SocketPipe direct(Socket socket) throws IOException {
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        return new SocketPipe(socket, PipeSource.Address.of(remote.getAddress()), Via.DIRECT,
                TcpTransport.literal(remote.getAddress(), remote.getPort()),
                Optional.of(TcpTransport.hostLiteral(remote.getAddress())));
    }

    @Override
    public InputStream input() {
        return input;
    }

    /** The socket's {@code available()}: one ioctl, it does not wait for a reader. */
    @Override
    public boolean bytesWaiting() {
        try {
            return input.available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public PipeSource source() {
        return source;
    }

    @Override
    public Via via() {
        return via;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public Optional<String> remoteHost() {
        return remoteHost;
    }

    @Override
    public void setReadTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    /** Reset: no FIN, nothing queued is sent; over tor's loopback, tor then tears the circuit stream down. */
    @Override
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    /** Closes a socket (or listener) that failed or is done with: nothing left to release. */
    public static void closeQuietly(Closeable socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket that failed: nothing left to release
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
