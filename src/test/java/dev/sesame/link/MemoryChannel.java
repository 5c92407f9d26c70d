package dev.sesame.link;

import dev.sesame.transport.PipeSource;
import dev.sesame.transport.Via;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link SecureChannel} over in-memory pipes: what a TLS session gives the handshake (streams,
 * an exporter, the peer's certificate id), without sockets.
 */
final class MemoryChannel implements SecureChannel {
    private final BytePipe incoming;
    private final BytePipe outgoing;
    private final byte[] exporter;
    private final PeerId remote;
    private volatile OutputStream output;
    private volatile boolean closed;

    MemoryChannel(BytePipe incoming, BytePipe outgoing, byte[] exporter, PeerId remote) {
        this.incoming = incoming;
        this.outgoing = outgoing;
        this.exporter = exporter.clone();
        this.remote = remote;
        this.output = outgoing.out;
    }

    /** Routes what this end writes through {@code filter} (which writes on to the real pipe). */
    void filterOutput(java.util.function.UnaryOperator<OutputStream> filter) {
        output = filter.apply(outgoing.out);
    }

    /** Two ends of one connection, each seeing the other's id, both with {@code exporter}. */
    static MemoryChannel[] pair(PeerId a, PeerId b, byte[] exporterA, byte[] exporterB) {
        BytePipe aToB = new BytePipe();
        BytePipe bToA = new BytePipe();
        return new MemoryChannel[] {new MemoryChannel(bToA, aToB, exporterA, b), new MemoryChannel(aToB, bToA, exporterB, a)};
    }

    @Override
    public InputStream input() {
        return incoming.in;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public byte[] exporter() {
        return exporter.clone();
    }

    @Override
    public PeerId remotePeerId() {
        return remote;
    }

    @Override
    public PipeSource source() {
        return PipeSource.Address.of(InetAddress.getLoopbackAddress());
    }

    @Override
    public Via via() {
        return Via.DIRECT;
    }

    @Override
    public String label() {
        return "memory";
    }

    @Override
    public Optional<String> remoteHost() {
        return Optional.of("127.0.0.1");
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        incoming.setReadTimeoutMillis(timeout.toMillis());
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        outgoing.close();
        incoming.close();
    }

    @Override
    public void abort() {
        close();
    }

    boolean isClosed() {
        return closed;
    }
}
