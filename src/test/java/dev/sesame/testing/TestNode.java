package dev.sesame.testing;

import dev.sesame.crypto.PhraseKeys;
import dev.sesame.crypto.Secret;
import dev.sesame.limits.Limits;
import dev.sesame.link.CloseReason;
import dev.sesame.link.Connector;
import dev.sesame.link.Link;
import dev.sesame.link.MessageLink;
import dev.sesame.link.TrafficShape;
import dev.sesame.wire.PeerMessage;
import dev.sesame.link.HandshakeException;
import dev.sesame.link.Identity;
import dev.sesame.link.TlsChannel;
import dev.sesame.link.TlsContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import dev.sesame.transport.Pipe;
import dev.sesame.transport.TcpTransport;
import dev.sesame.transport.TransportException;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.HostPort;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A participant built from Sesame's own classes inside the test JVM, for the attacks a real
 * node would never make: crafted cells after TLS, a man in the middle, a member who lies.
 */
public final class TestNode implements AutoCloseable {
    public final Identity identity;
    public final TlsContext tls;
    private final Secret phraseKey;
    /** This member's links send no cover traffic. */
    public static final TrafficShape SHAPE = new TrafficShape(false, Limits.DEFAULT_COVER_INTERVAL);
    public final SecureRandom random = new SecureRandom();
    public final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().factory());

    public TestNode(String phrase) {
        identity = Identity.generate(random);
        tls = new TlsContext(identity, random);
        try (Secret bytes = Secret.copyAndWipe(phrase.getBytes(StandardCharsets.UTF_8))) {
            phraseKey = PhraseKeys.derive(bytes, PhraseKeys.Mode.REAL);
        }
    }

    private TestNode(Secret phraseKey) {
        identity = Identity.generate(random);
        tls = new TlsContext(identity, random);
        this.phraseKey = phraseKey;
    }

    /** The same phrase under a new identity, as after a restart, without deriving the phrase key again. */
    public TestNode restarted() {
        return new TestNode(phraseKey.copy());
    }

    /** Authenticates to a real node as a peer would (listening port {@code ownPort} announced). */
    public Connector.Authenticated dial(int port, int ownPort) throws HandshakeException {
        return connector(ownPort).dial(pipeTo(port));
    }

    /** A raw TCP pipe to 127.0.0.1:{@code port}; a failed connect is reported as a refused handshake. */
    public static Pipe pipeTo(int port) throws HandshakeException {
        try {
            return TcpTransport.dialOnly().dial(new InetSocketAddress("127.0.0.1", port));
        } catch (TransportException e) {
            throw new HandshakeException(HandshakeException.Reason.REFUSED, "cannot connect: " + e.reason().code(), e);
        }
    }

    /** TLS only, no phrase handshake: for sending crafted cells. */
    public TlsChannel tlsOnly(int port) throws IOException, HandshakeException {
        return TlsChannel.open(tls, pipeTo(port), true, Duration.ofSeconds(10), timer);
    }

    /**
     * Authenticates to the node on {@code port} and starts a link to it (cover traffic off) that
     * ignores whatever the node sends: the caller decides what this member says.
     */
    public Link openLink(int port) throws HandshakeException, IOException {
        Connector.Authenticated session = dial(port, 1);
        Link link = new Link(session.channel(), session.session(), SHAPE,
                new MessageLink.Listener() {
                    @Override
                    public void onMessage(MessageLink l, PeerMessage m) {
                        // this member does not listen
                    }

                    @Override
                    public void onClosed(MessageLink l, CloseReason r, dev.sesame.util.ReasonCode d) {
                        // nor care how it ends
                    }
                });
        link.start();
        return link;
    }

    /** A connector announcing {@code 127.0.0.1:ownPort} in its HELLO (nothing for a port of 0). */
    public Connector connector(int ownPort) {
        List<Endpoint> own = ownPort == 0 ? List.of() : List.of(new Endpoint.Direct(new HostPort("127.0.0.1", ownPort)));
        return new Connector(identity, tls, phraseKey, () -> own, SHAPE, random, timer);
    }

    @Override
    public void close() {
        phraseKey.close();
        timer.shutdownNow();
    }
}
