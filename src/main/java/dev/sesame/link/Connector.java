package dev.sesame.link;

import dev.sesame.crypto.Secret;
import dev.sesame.limits.Limits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Turns a TCP connection, incoming or outgoing, into an authenticated session: TLS under
 * {@link Limits#TLS_HANDSHAKE_TIMEOUT}, then the phrase {@link Handshake} under
 * {@link Limits#PAKE_TIMEOUT}. Runs on the caller's thread (a virtual thread per connection,
 * never the accept loop). Thread-safe.
 */
public final class Connector {
    private final Identity identity;
    private final TlsContext tls;
    private final Secret phraseKey;
    private final IntSupplier ownListenPort;
    private final TrafficShape shape;
    private final SecureRandom random;
    private final ScheduledExecutorService timer;

    public Connector(Identity identity, TlsContext tls, Secret phraseKey, IntSupplier ownListenPort, TrafficShape shape,
                     SecureRandom random, ScheduledExecutorService timer) {
        this.identity = identity;
        this.tls = tls;
        this.phraseKey = phraseKey;
        this.ownListenPort = ownListenPort;
        this.shape = shape;
        this.random = random;
        this.timer = timer;
    }

    /** An authenticated, not yet started link: the channel and what the handshake produced. */
    public record Authenticated(SecureChannel channel, Handshake.Result session) {}

    /** Connects to {@code address} and authenticates. */
    public Authenticated dial(InetSocketAddress address) throws HandshakeException {
        Socket tcp = new Socket();
        try {
            tcp.connect(address, (int) Limits.TCP_CONNECT_TIMEOUT.toMillis());
        } catch (IOException e) {
            TlsChannel.closeQuietly(tcp);
            throw new HandshakeException(HandshakeException.Reason.REFUSED, "cannot connect to " + address, e);
        }
        return authenticate(tcp, HandshakeRole.DIALER);
    }

    /** Authenticates an accepted connection. */
    public Authenticated accept(Socket tcp) throws HandshakeException {
        return authenticate(tcp, HandshakeRole.LISTENER);
    }

    private Authenticated authenticate(Socket tcp, HandshakeRole role) throws HandshakeException {
        SecureChannel channel = TlsChannel.open(tls, tcp, role == HandshakeRole.DIALER, Limits.TLS_HANDSHAKE_TIMEOUT, timer);
        boolean[] timedOut = {false};
        ScheduledFuture<?> watchdog = timer.schedule(() -> {
            timedOut[0] = true;
            channel.abort();
        }, Limits.PAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            Handshake.Result result = new Handshake(channel, role, identity.peerId(), ownListenPort.getAsInt(), shape, phraseKey,
                    random).run();
            watchdog.cancel(false);
            return new Authenticated(channel, result);
        } catch (HandshakeException e) {
            watchdog.cancel(false);
            channel.close();
            // A timeout must not hide an authentication failure (the guessing throttle counts those).
            if (timedOut[0] && !e.reason().authentication()) {
                throw new HandshakeException(HandshakeException.Reason.TIMEOUT, "handshake took too long", e);
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            watchdog.cancel(false);
            channel.abort();
            if (timedOut[0]) throw new HandshakeException(HandshakeException.Reason.TIMEOUT, "handshake took too long", e);
            if (e instanceof RuntimeException r && !(e instanceof java.io.UncheckedIOException)) throw r;
            throw new HandshakeException(HandshakeException.Reason.CLOSED, "connection lost during the handshake", e);
        }
    }
}
