package dev.sesame.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A connected, encrypted byte stream to one peer whose certificate we hold but whom we have not
 * yet authenticated: today TLS over TCP ({@link TlsChannel}); later a pipe through a relay.
 * The handshake and the link run over this interface only, never over sockets.
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

    /** The other side's address as this connection sees it. */
    RemoteAddress remoteAddress();

    /** Reads block at most this long before failing with {@link java.net.SocketTimeoutException}. */
    void setReadTimeout(Duration timeout) throws IOException;

    /** Orderly close; may send a TLS close_notify. Idempotent. */
    void close();

    /** Drops the connection at once without sending anything (panic). Idempotent. */
    void abort();
}
