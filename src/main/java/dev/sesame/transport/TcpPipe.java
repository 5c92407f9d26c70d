package dev.sesame.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

/** A {@link Pipe} on a connected TCP socket. */
final class TcpPipe implements Pipe {
    private final Socket socket;
    private final InetSocketAddress remote;
    private final PipeSource source;
    private final InputStream input;
    private final OutputStream output;

    TcpPipe(Socket socket) throws IOException {
        this.socket = socket;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.source = PipeSource.Address.of(remote.getAddress());
        socket.setTcpNoDelay(true); // one cell, one TLS record, one segment (docs/PROTOCOL.md §Cells)
        this.input = socket.getInputStream();
        this.output = socket.getOutputStream();
    }

    @Override
    public InputStream input() {
        return input;
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
        return Via.DIRECT;
    }

    @Override
    public String label() {
        return TcpTransport.literal(remote.getAddress(), remote.getPort());
    }

    @Override
    public Optional<String> remoteHost() {
        return Optional.of(TcpTransport.hostLiteral(remote.getAddress()));
    }

    @Override
    public void setReadTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    @Override
    public void abort() {
        try {
            socket.setSoLinger(true, 0); // reset: no FIN, nothing queued is sent
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket that failed: nothing left to release
        }
    }

    @Override
    public String toString() {
        return label();
    }
}
