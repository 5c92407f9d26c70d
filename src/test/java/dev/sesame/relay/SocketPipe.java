package dev.sesame.relay;

import dev.sesame.transport.Pipe;
import dev.sesame.transport.PipeSource;
import dev.sesame.transport.Via;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;

/** A pipe over a socket the test connected itself (from a chosen loopback source address). */
final class SocketPipe implements Pipe {
    private final Socket socket;

    SocketPipe(Socket socket) {
        this.socket = socket;
    }

    @Override
    public InputStream input() {
        try {
            return socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OutputStream output() {
        try {
            return socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public PipeSource source() {
        return PipeSource.Address.of(socket.getInetAddress());
    }

    @Override
    public Via via() {
        return Via.DIRECT;
    }

    @Override
    public String label() {
        return socket.toString();
    }

    @Override
    public void setReadTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void abort() {
        close();
    }
}
