package dev.sesame.relay;

import dev.sesame.link.TlsChannel;
import dev.sesame.transport.Pipe;
import dev.sesame.transport.PipeSource;
import dev.sesame.transport.Via;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A pipe spliced through a relay: the bytes of our TLS connection to the relay after SPLICED,
 * which are the other member's. Its source is the relay: every pipe through one relay shares
 * one guess budget at the listener ({@code docs/SECURITY.md}, "Relay").
 */
final class RelayPipe implements Pipe {
    private final TlsChannel toRelay;
    private final PipeSource.Relay source;

    RelayPipe(TlsChannel toRelay, PipeSource.Relay source) {
        this.toRelay = toRelay;
        this.source = source;
    }

    @Override
    public InputStream input() {
        return toRelay.input();
    }

    @Override
    public OutputStream output() {
        return toRelay.output();
    }

    @Override
    public PipeSource source() {
        return source;
    }

    @Override
    public Via via() {
        return Via.RELAY;
    }

    @Override
    public String label() {
        return "relay " + source.relay();
    }

    @Override
    public void setReadTimeout(Duration timeout) throws IOException {
        toRelay.setReadTimeout(timeout);
    }

    @Override
    public void close() {
        toRelay.close();
    }

    @Override
    public void abort() {
        toRelay.abort();
    }

    @Override
    public String toString() {
        return label();
    }
}
