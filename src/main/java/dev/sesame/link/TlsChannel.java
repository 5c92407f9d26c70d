package dev.sesame.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.net.SocketTimeoutException;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLSocket;

/**
 * {@link SecureChannel} over TLS 1.3 on a TCP socket. {@link #open} runs the TLS handshake under
 * a hard deadline: a watchdog drops the TCP connection when it passes, so a silent or slow peer
 * costs one thread for at most that long and never blocks anyone else.
 */
public final class TlsChannel implements SecureChannel {
    static final String EXPORTER_LABEL = "EXPORTER-sesame-v1";
    static final int EXPORTER_BYTES = 32;
    private static final Duration CLOSE_WAIT = Duration.ofMillis(500);

    private final Socket tcp;
    private final SSLSocket tls;
    private final byte[] exporter;
    private boolean exporterTaken;
    private final PeerId remotePeerId;
    private final RemoteAddress remoteAddress;
    private final InputStream input;
    private final OutputStream output;

    private TlsChannel(Socket tcp, SSLSocket tls, byte[] exporter, PeerId remotePeerId) throws IOException {
        this.tcp = tcp;
        this.tls = tls;
        this.exporter = exporter;
        this.remotePeerId = remotePeerId;
        this.remoteAddress = RemoteAddress.of((InetSocketAddress) tcp.getRemoteSocketAddress());
        this.input = tls.getInputStream();
        this.output = tls.getOutputStream();
    }

    /**
     * Runs the TLS handshake on a connected TCP socket.
     *
     * @throws HandshakeException {@code TIMEOUT} when the deadline passes, {@code TLS_FAILED}
     *     otherwise; the socket is closed either way
     */
    public static TlsChannel open(TlsContext context, Socket tcp, boolean client, Duration timeout,
                                  ScheduledExecutorService timer) throws HandshakeException {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> watchdog = timer.schedule(() -> {
            expired.set(true);
            closeQuietly(tcp);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            tcp.setTcpNoDelay(true); // one cell, one TLS record, one segment
            tcp.setSoTimeout((int) timeout.toMillis());
            SSLSocket tls = context.wrap(tcp, client);
            tls.startHandshake();
            ExtendedSSLSession session = (ExtendedSSLSession) tls.getSession();
            if (!"TLSv1.3".equals(session.getProtocol())) throw new IOException("not TLS 1.3");
            Certificate[] peer = session.getPeerCertificates();
            byte[] exporter = session.exportKeyingMaterialData(EXPORTER_LABEL, new byte[0], EXPORTER_BYTES);
            if (exporter == null || exporter.length != EXPORTER_BYTES) throw new IOException("no TLS exporter");
            return new TlsChannel(tcp, tls, exporter, PeerId.ofCertificate(peer[0].getEncoded()));
        } catch (IOException | RuntimeException | CertificateEncodingException e) {
            closeQuietly(tcp);
            boolean timedOut = expired.get() || causedByTimeout(e);
            throw new HandshakeException(timedOut ? HandshakeException.Reason.TIMEOUT : HandshakeException.Reason.TLS_FAILED,
                    timedOut ? "TLS handshake took too long" : "TLS handshake failed", e);
        } finally {
            watchdog.cancel(false);
        }
    }

    private static boolean causedByTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) return true;
        }
        return false;
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
    public synchronized byte[] exporter() {
        if (exporterTaken) throw new IllegalStateException("the exporter is handed out once");
        exporterTaken = true;
        byte[] copy = exporter.clone();
        java.util.Arrays.fill(exporter, (byte) 0); // not kept for the life of the link
        return copy;
    }

    @Override
    public PeerId remotePeerId() {
        return remotePeerId;
    }

    @Override
    public RemoteAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public void setReadTimeout(Duration timeout) throws IOException {
        tcp.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /**
     * Sends TLS close_notify from a helper thread and returns at once: a peer that stopped
     * reading (full TCP buffers) must not block whoever closes the link, least of all the mesh
     * thread. If the close has not finished after a short wait, the connection is reset.
     */
    @Override
    public void close() {
        Thread closer = Thread.ofVirtual().name("tls-close").start(() -> {
            try {
                tls.close();
            } catch (IOException e) {
                // the peer is gone already; nothing more to say to it
            } finally {
                closeQuietly(tcp);
            }
        });
        Thread.ofVirtual().name("tls-close-watch").start(() -> {
            try {
                if (!closer.join(CLOSE_WAIT)) abort();
            } catch (InterruptedException e) {
                abort();
            }
        });
    }

    @Override
    public void abort() {
        try {
            tcp.setSoLinger(true, 0); // reset: no TLS alert, no FIN, nothing queued is sent
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(tcp);
    }

    /** Closes a socket whose failure we are already handling: there is nothing left to release. */
    public static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket that failed: nothing left to release
        }
    }
}
