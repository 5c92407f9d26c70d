package dev.sesame.link;

import dev.sesame.transport.PipeSource;
import dev.sesame.transport.Via;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * A connected, encrypted byte stream to one peer whose certificate we hold but whom we have not
 * yet authenticated: TLS 1.3 ({@link TlsChannel}) over any {@code transport.Pipe}: TCP, a relay's
 * pipe, an onion stream. The handshake and the link run over this interface only, never over
 * sockets.
 */
public interface SecureChannel {
    InputStream input();

    OutputStream output();

    /**
     * 32 bytes of TLS exporter keying material (label {@code EXPORTER-sesame-v1}), equal on both
     * ends. The handshake needs it once: the channel may forget its own copy after the first call.
     */
    byte[] exporter();

    /** The id of the certificate the other side presented. */
    PeerId remotePeerId();

    /** The admission key of the pipe underneath. */
    PipeSource source();

    /** How the pipe underneath reaches the peer. */
    Via via();

    /** The pipe's printable label (e.g. {@code 127.0.0.1:51234}), for events. */
    String label();

    /** The far end's host literal, for direct pipes. */
    Optional<String> remoteHost();

    /** Reads block at most this long before failing with {@link java.net.SocketTimeoutException}. */
    void setReadTimeout(Duration timeout) throws IOException;

    /** Orderly close; may send a TLS close_notify. Idempotent. */
    void close();

    /** Drops the connection at once without sending anything (panic). Idempotent. */
    void abort();
}
