package dev.sesame.link;

import dev.sesame.transport.Pipe;
import dev.sesame.transport.PipeSource;
import dev.sesame.transport.Via;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * {@link SecureChannel}: TLS 1.3 (an {@link SSLEngine}) driven over any {@link Pipe}'s streams,
 * so the same TLS runs over TCP, a relay's pipe or an onion stream (docs/ARCHITECTURE.md
 * §Transports). {@link #open} runs the TLS handshake under a hard deadline: a watchdog aborts
 * the pipe when it passes, so a silent or slow peer costs one thread for at most that long.
 *
 * <p>One reader and one writer may run at once (the engine allows concurrent wrap and unwrap);
 * each TLS record is written to the pipe in a single write, so one cell is one record.
 */
public final class TlsChannel implements SecureChannel {
    static final String EXPORTER_LABEL = "EXPORTER-sesame-v1";
    static final int EXPORTER_BYTES = 32;
    private static final Duration CLOSE_WAIT = Duration.ofMillis(500);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Pipe pipe;
    private final SSLEngine engine;
    private final InputStream rawIn;
    private final OutputStream rawOut;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    /** Encrypted bytes from the pipe not yet unwrapped (read mode). Guarded by readLock. */
    private ByteBuffer netIn;
    /** Decrypted bytes not yet handed to the reader (read mode). Guarded by readLock. */
    private ByteBuffer appIn;
    /** One wrapped record on its way to the pipe. Guarded by writeLock. */
    private ByteBuffer netOut;
    private boolean inboundDone;
    private byte[] exporter;
    private boolean exporterTaken;
    private PeerId remotePeerId;
    private final InputStream input = new TlsInput();
    private final OutputStream output = new TlsOutput();

    private TlsChannel(Pipe pipe, SSLEngine engine) {
        this.pipe = pipe;
        this.engine = engine;
        this.rawIn = pipe.input();
        this.rawOut = pipe.output();
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
        this.netOut = ByteBuffer.allocate(packet);
    }

    /**
     * Runs the TLS handshake over {@code pipe}.
     *
     * @throws HandshakeException {@code TIMEOUT} when the deadline passes, {@code TLS_FAILED}
     *     otherwise; the pipe is aborted either way
     */
    public static TlsChannel open(TlsContext context, Pipe pipe, boolean client, Duration timeout,
                                  ScheduledExecutorService timer) throws HandshakeException {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> watchdog = timer.schedule(() -> {
            expired.set(true);
            pipe.abort();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            pipe.setReadTimeout(timeout);
            TlsChannel channel = new TlsChannel(pipe, context.engine(client));
            channel.handshake();
            return channel;
        } catch (IOException | RuntimeException | CertificateEncodingException e) {
            pipe.abort();
            boolean timedOut = expired.get() || causedByTimeout(e);
            throw new HandshakeException(timedOut ? HandshakeException.Reason.TIMEOUT : HandshakeException.Reason.TLS_FAILED,
                    timedOut ? "TLS handshake took too long" : "TLS handshake failed", e);
        } finally {
            watchdog.cancel(false);
        }
    }

    private void handshake() throws IOException, CertificateEncodingException {
        engine.beginHandshake();
        HandshakeStatus status = engine.getHandshakeStatus();
        synchronized (readLock) {
            while (status != HandshakeStatus.FINISHED && status != HandshakeStatus.NOT_HANDSHAKING) {
                status = switch (status) {
                    case NEED_WRAP -> wrapHandshake();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> unwrapHandshake();
                    case NEED_TASK -> runTasks();
                    default -> throw new SSLException("unexpected handshake status " + status);
                };
            }
        }
        ExtendedSSLSession session = (ExtendedSSLSession) engine.getSession();
        if (!"TLSv1.3".equals(session.getProtocol())) throw new SSLException("not TLS 1.3");
        Certificate[] peer = session.getPeerCertificates();
        byte[] material = session.exportKeyingMaterialData(EXPORTER_LABEL, new byte[0], EXPORTER_BYTES);
        if (material == null || material.length != EXPORTER_BYTES) throw new SSLException("no TLS exporter");
        this.exporter = material;
        this.remotePeerId = PeerId.ofCertificate(peer[0].getEncoded());
    }

    private HandshakeStatus unwrapHandshake() throws IOException {
        SSLEngineResult result = unwrapOnce();
        return switch (result.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                readNet();
                yield engine.getHandshakeStatus();
            }
            case CLOSED -> throw new EOFException("TLS closed during the handshake");
            default -> result.getHandshakeStatus();
        };
    }

    private HandshakeStatus runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) task.run();
        return engine.getHandshakeStatus();
    }

    /** Sends what the engine has to say on its own (handshake flights, post-handshake messages). */
    private HandshakeStatus wrapHandshake() throws IOException {
        synchronized (writeLock) {
            SSLEngineResult result = wrapOnce(EMPTY);
            if (result.getStatus() == SSLEngineResult.Status.CLOSED && result.bytesProduced() == 0) {
                throw new SocketException("TLS closed");
            }
            return result.getHandshakeStatus();
        }
    }

    /** Unwraps from netIn into appIn, growing appIn if a record does not fit. Caller holds readLock. */
    private SSLEngineResult unwrapOnce() throws SSLException {
        while (true) {
            appIn.compact();
            SSLEngineResult result;
            try {
                result = engine.unwrap(netIn, appIn);
            } finally {
                appIn.flip();
            }
            if (result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) return result;
            ByteBuffer bigger = ByteBuffer.allocate(appIn.remaining() + engine.getSession().getApplicationBufferSize());
            bigger.put(appIn).flip();
            appIn = bigger;
        }
    }

    /** Wraps one record and writes it to the pipe in one write. Caller holds writeLock. */
    private SSLEngineResult wrapOnce(ByteBuffer source) throws IOException {
        while (true) {
            netOut.clear();
            SSLEngineResult result = engine.wrap(source, netOut);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(netOut.capacity() + engine.getSession().getPacketBufferSize());
                continue;
            }
            netOut.flip();
            if (netOut.hasRemaining()) {
                rawOut.write(netOut.array(), 0, netOut.limit());
                rawOut.flush();
            }
            return result;
        }
    }

    /** Reads more encrypted bytes from the pipe into netIn. Caller holds readLock. */
    private void readNet() throws IOException {
        netIn.compact();
        if (!netIn.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() + engine.getSession().getPacketBufferSize());
            netIn.flip();
            bigger.put(netIn);
            netIn = bigger;
        }
        try {
            int n = rawIn.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
            if (n < 0) throw new EOFException("pipe closed");
            netIn.position(netIn.position() + n);
        } finally {
            netIn.flip();
        }
    }

    private static boolean causedByTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) return true;
        }
        return false;
    }

    private final class TlsInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) return 0;
            synchronized (readLock) {
                while (!appIn.hasRemaining()) {
                    if (inboundDone) return -1;
                    SSLEngineResult result = unwrapOnce();
                    switch (result.getStatus()) {
                        case BUFFER_UNDERFLOW -> {
                            try {
                                readNet();
                            } catch (EOFException e) {
                                return -1; // the pipe ended without close_notify: the link reports it closed
                            }
                        }
                        case CLOSED -> inboundDone = true;
                        default -> { }
                    }
                    HandshakeStatus status = result.getHandshakeStatus();
                    if (status == HandshakeStatus.NEED_TASK) status = runTasks();
                    if (status == HandshakeStatus.NEED_WRAP && !inboundDone) wrapHandshake(); // e.g. a KeyUpdate answer
                }
                int n = Math.min(len, appIn.remaining());
                appIn.get(b, off, n);
                return n;
            }
        }

        @Override
        public int available() {
            synchronized (readLock) {
                return appIn.remaining();
            }
        }
    }

    private final class TlsOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            ByteBuffer source = ByteBuffer.wrap(b, off, len);
            synchronized (writeLock) {
                while (source.hasRemaining()) {
                    SSLEngineResult result = wrapOnce(source);
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) throw new SocketException("TLS closed");
                }
            }
        }

        @Override
        public void flush() {
            // every record is flushed when written
        }
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
        Arrays.fill(exporter, (byte) 0); // not kept for the life of the link
        return copy;
    }

    @Override
    public PeerId remotePeerId() {
        return remotePeerId;
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

    /**
     * Sends TLS close_notify from a helper thread and returns at once: a peer that stopped
     * reading (full buffers) must not block whoever closes the link, least of all the mesh
     * thread. If the close has not finished after a short wait, the pipe is reset.
     */
    @Override
    public void close() {
        Thread closer = Thread.ofVirtual().name("tls-close").start(() -> {
            try {
                synchronized (writeLock) {
                    engine.closeOutbound();
                    wrapOnce(EMPTY);
                }
            } catch (IOException | RuntimeException e) {
                // the peer is gone already; nothing more to say to it
            } finally {
                pipe.close();
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
        pipe.abort();
    }
}
