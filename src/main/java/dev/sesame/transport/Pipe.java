package dev.sesame.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * A raw duplex byte pipe to another node, before TLS: a TCP connection, a spliced pipe through
 * a relay, or an onion stream. TLS, the handshake, cells and the link run over this interface
 * only ({@code docs/ARCHITECTURE.md} §Transports). Reads and writes may run on two threads at
 * once; {@link #close()} and {@link #abort()} may be called from any thread.
 */
public interface Pipe {
    InputStream input();

    OutputStream output();

    /** The admission key of this pipe. */
    PipeSource source();

    Via via();

    /** Printable, for events: e.g. {@code 127.0.0.1:51234} or {@code relay host:9700}. Never a secret. */
    String label();

    /**
     * The far end's host literal as this pipe sees it, for direct pipes (used to complete an
     * announced endpoint whose host is unspecified); empty when the pipe cannot tell.
     */
    default Optional<String> remoteHost() {
        return Optional.empty();
    }

    /**
     * Whether bytes have arrived that nobody has read yet. Never blocks (the listener's admission
     * asks it under its lock, docs/SECURITY.md §Junk connections); false when the pipe cannot
     * tell cheaply.
     */
    default boolean bytesWaiting() {
        return false;
    }

    /** Reads block at most this long before failing with {@link java.net.SocketTimeoutException}. */
    void setReadTimeout(Duration timeout) throws IOException;

    /** Orderly close (a FIN, or its equivalent). Idempotent, never blocks for long. */
    void close();

    /** Resets the pipe at once without sending anything queued (panic). Idempotent. */
    void abort();
}
