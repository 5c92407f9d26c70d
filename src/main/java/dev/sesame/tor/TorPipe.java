package dev.sesame.tor;

import dev.sesame.transport.Pipe;
import dev.sesame.transport.PipeSource;
import dev.sesame.transport.Via;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;

/**
 * An onion stream as a {@link Pipe}: a loopback socket to or from the local tor. Its source is
 * always {@link PipeSource.Tor}: every onion pipe arrives from the same tor, so they share one
 * admission budget (docs/SECURITY.md "Tor"). It never says a remote host: there is none to know.
 */
final class TorPipe implements Pipe {
    private final Socket socket;
    private final String label;
    private final InputStream input;
    private final OutputStream output;

    TorPipe(Socket socket, String label) throws IOException {
        this.socket = socket;
        this.label = label;
        socket.setTcpNoDelay(true); // one cell, one TLS record, one write to tor (docs/PROTOCOL.md §Cells)
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
        return new PipeSource.Tor();
    }

    @Override
    public Via via() {
        return Via.TOR;
    }

    @Override
    public String label() {
        return label;
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
            socket.setSoLinger(true, 0); // reset the loopback stream; tor then tears the circuit stream down
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing something that already failed: nothing left to release
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
