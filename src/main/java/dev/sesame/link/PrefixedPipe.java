package dev.sesame.link;

import dev.sesame.transport.Pipe;
import dev.sesame.transport.PipeSource;
import dev.sesame.transport.Via;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * A pipe whose first byte was already read (the first-byte deadline): reads give it back first.
 * Every read of the raw pipe is reported to the listener's {@link IncomingHandshake}, so that
 * admission can tell a peer that keeps it waiting from one it has not served yet.
 */
final class PrefixedPipe implements Pipe {
    private final Pipe pipe;
    private final InputStream input;

    PrefixedPipe(Pipe pipe, int first, IncomingHandshake observer) {
        this.pipe = pipe;
        InputStream raw = pipe.input();
        this.input = new InputStream() {
            private boolean given;

            @Override
            public int read() throws IOException {
                if (!given) {
                    given = true;
                    return first;
                }
                observer.awaitingPeer();
                try {
                    return raw.read();
                } finally {
                    observer.heardPeer();
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                if (!given) {
                    given = true;
                    b[off] = (byte) first;
                    return 1;
                }
                observer.awaitingPeer();
                try {
                    return raw.read(b, off, len);
                } finally {
                    observer.heardPeer();
                }
            }
        };
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return pipe.output();
    }

    @Override
    public PipeSource source() {
        return pipe.source();
    }

    @Override
    public Via via() {
        return pipe.via();
    }

    @Override
    public String label() {
        return pipe.label();
    }

    @Override
    public Optional<String> remoteHost() {
        return pipe.remoteHost();
    }

    @Override
    public void setReadTimeout(Duration timeout) throws IOException {
        pipe.setReadTimeout(timeout);
    }

    @Override
    public void close() {
        pipe.close();
    }

    @Override
    public void abort() {
        pipe.abort();
    }
}
