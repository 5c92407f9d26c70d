package dev.sesame.link;

import dev.sesame.crypto.Secret;
import dev.sesame.limits.Limits;
import dev.sesame.transport.Pipe;
import dev.sesame.wire.Endpoint;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Turns a {@link Pipe}, incoming or outgoing, into an authenticated session: TLS under
 * {@link Limits#TLS_HANDSHAKE_TIMEOUT}, then the phrase {@link Handshake} under
 * {@link Limits#PAKE_TIMEOUT}. Runs on the caller's thread (a virtual thread per pipe, never a
 * transport's accept loop). Which transport made the pipe does not matter here. Thread-safe.
 */
public final class Connector {
    /** The content type of a TLS handshake record (RFC 8446 §5.1): a ClientHello's first byte. */
    private static final int TLS_HANDSHAKE_RECORD = 22;
    private final Identity identity;
    private final TlsContext tls;
    private final Secret phraseKey;
    private final Supplier<List<Endpoint>> ownEndpoints;
    private final TrafficShape shape;
    private final SecureRandom random;
    private final ScheduledExecutorService timer;

    /** {@code ownEndpoints}: where this node is reachable, announced in HELLO (docs/PROTOCOL.md §Handshake). */
    public Connector(Identity identity, TlsContext tls, Secret phraseKey, Supplier<List<Endpoint>> ownEndpoints,
                     TrafficShape shape, SecureRandom random, ScheduledExecutorService timer) {
        this.identity = identity;
        this.tls = tls;
        this.phraseKey = phraseKey;
        this.ownEndpoints = ownEndpoints;
        this.shape = shape;
        this.random = random;
        this.timer = timer;
    }

    /** An authenticated, not yet started link: the channel and what the handshake produced. */
    public record Authenticated(SecureChannel channel, Handshake.Result session) {}

    /** Authenticates a pipe we dialled. */
    public Authenticated dial(Pipe pipe) throws HandshakeException {
        return authenticate(pipe, HandshakeRole.DIALER);
    }

    /** Authenticates an incoming pipe. */
    public Authenticated accept(Pipe pipe) throws HandshakeException {
        return accept(pipe, IncomingHandshake.NONE);
    }

    /**
     * Authenticates an incoming pipe, telling {@code observer} how it advances. The pipe must
     * send its first byte within {@link Limits#FIRST_BYTE_TIMEOUT} (no TLS state is made until
     * it does), and {@code observer} may refuse it once TLS shows the peer's id
     * (docs/SECURITY.md §Junk connections).
     */
    public Authenticated accept(Pipe pipe, IncomingHandshake observer) throws HandshakeException {
        Pipe started = awaitFirstByte(pipe, observer);
        observer.firstByte();
        return authenticate(started, HandshakeRole.LISTENER, observer);
    }

    private static Pipe awaitFirstByte(Pipe pipe, IncomingHandshake observer) throws HandshakeException {
        try {
            pipe.setReadTimeout(Limits.FIRST_BYTE_TIMEOUT);
            int first = pipe.input().read();
            if (first < 0) {
                pipe.abort();
                throw new HandshakeException(HandshakeException.Reason.CLOSED, "closed before sending anything");
            }
            if (first != TLS_HANDSHAKE_RECORD) {
                // Not a ClientHello: refused before any TLS state exists (docs/SECURITY.md §Junk connections).
                pipe.abort();
                throw new HandshakeException(HandshakeException.Reason.TLS_FAILED, "the first byte is not a TLS handshake record");
            }
            return new PrefixedPipe(pipe, first, observer);
        } catch (java.net.SocketTimeoutException e) {
            pipe.abort();
            throw new HandshakeException(HandshakeException.Reason.TIMEOUT, "nothing sent within the first-byte deadline", e);
        } catch (IOException e) {
            pipe.abort();
            throw new HandshakeException(HandshakeException.Reason.CLOSED, "connection lost before the first byte", e);
        }
    }

    private Authenticated authenticate(Pipe pipe, HandshakeRole role) throws HandshakeException {
        return authenticate(pipe, role, IncomingHandshake.NONE);
    }

    private Authenticated authenticate(Pipe pipe, HandshakeRole role, IncomingHandshake observer) throws HandshakeException {
        SecureChannel channel = TlsChannel.open(tls, pipe, role == HandshakeRole.DIALER, Limits.TLS_HANDSHAKE_TIMEOUT, timer);
        java.util.Optional<dev.sesame.util.ReasonCode> refusal = observer.tlsDone(channel.remotePeerId());
        if (refusal.isPresent()) {
            channel.abort();
            throw new HandshakeException(HandshakeException.Reason.REFUSED, refusal.get(), "refused once TLS was up", null);
        }
        // Set on the timer thread, read here: the AtomicBoolean gives the happens-before a plain field lacks.
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = timer.schedule(() -> {
            timedOut.set(true);
            channel.abort();
        }, Limits.PAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            Handshake.Result result = new Handshake(channel, role, identity.peerId(), ownEndpoints.get(), shape, phraseKey,
                    random).observedBy(observer).run();
            watchdog.cancel(false);
            return new Authenticated(channel, result);
        } catch (HandshakeException e) {
            watchdog.cancel(false);
            channel.close();
            // A timeout must not hide an authentication failure (the guessing throttle counts those).
            if (timedOut.get() && !e.reason().authentication()) {
                throw new HandshakeException(HandshakeException.Reason.TIMEOUT, "handshake took too long", e);
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            watchdog.cancel(false);
            channel.abort();
            if (timedOut.get()) throw new HandshakeException(HandshakeException.Reason.TIMEOUT, "handshake took too long", e);
            if (e instanceof RuntimeException r && !(e instanceof java.io.UncheckedIOException)) throw r;
            throw new HandshakeException(HandshakeException.Reason.CLOSED, "connection lost during the handshake", e);
        }
    }
}
