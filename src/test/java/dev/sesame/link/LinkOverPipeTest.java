package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.crypto.Secret;
import dev.sesame.transport.MemoryPipes;
import dev.sesame.transport.Pipe;
import dev.sesame.transport.PipeSource;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.HostPort;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seam below TLS (docs/ARCHITECTURE.md §Transports): TLS 1.3, the phrase handshake, cells
 * and a link run over any {@link Pipe}, here an in-memory pair with no socket at all.
 */
class LinkOverPipeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private Connector connector(Identity identity, Secret key, int port) {
        List<Endpoint> own = List.of(new Endpoint.Direct(new HostPort("0.0.0.0", port)));
        return new Connector(identity, new TlsContext(identity, RANDOM), key, () -> own, TrafficShape.defaults(), RANDOM, timer);
    }

    @Test
    void aFullLinkRunsOverAnInMemoryPipePair() throws Exception {
        Identity alice = Identity.generate(RANDOM);
        Identity bob = Identity.generate(RANDOM);
        Pipe[] pipes = MemoryPipes.pair(new PipeSource.Tor(), new PipeSource.Tor());
        try (Secret aliceKey = HandshakeTest.key("open sesame"); Secret bobKey = HandshakeTest.key("open sesame")) {
            CompletableFuture<Connector.Authenticated> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return connector(bob, bobKey, 9002).accept(pipes[1]);
                } catch (HandshakeException e) {
                    throw new IllegalStateException(e);
                }
            }, Executors.newVirtualThreadPerTaskExecutor());
            Connector.Authenticated dialled = connector(alice, aliceKey, 9001).dial(pipes[0]);
            Connector.Authenticated listener = accepted.get(30, TimeUnit.SECONDS);

            assertThat(dialled.session().peerId()).isEqualTo(bob.peerId());
            assertThat(listener.session().peerId()).isEqualTo(alice.peerId());
            assertThat(dialled.session().peerEndpoints()).containsExactly(new Endpoint.Direct(new HostPort("0.0.0.0", 9002)));
            assertThat(listener.session().peerEndpoints()).containsExactly(new Endpoint.Direct(new HostPort("0.0.0.0", 9001)));
            assertThat(dialled.channel().source()).isEqualTo(new PipeSource.Tor());

            BlockingQueue<PeerMessage> atBob = new LinkedBlockingQueue<>();
            BlockingQueue<PeerMessage> atAlice = new LinkedBlockingQueue<>();
            BlockingQueue<CloseReason> bobClosed = new LinkedBlockingQueue<>();
            Link aliceLink = new Link(dialled.channel(), dialled.session(), TrafficShape.defaults(), listener(atAlice, new LinkedBlockingQueue<>()));
            Link bobLink = new Link(listener.channel(), listener.session(), TrafficShape.defaults(), listener(atBob, bobClosed));
            aliceLink.start();
            bobLink.start();

            MessageId id = MessageId.random(RANDOM);
            String text = "x".repeat(3000); // several cells
            assertThat(aliceLink.send(new PeerMessage.Chat(id, false, 0, text))).isTrue();
            PeerMessage received = atBob.poll(30, TimeUnit.SECONDS);
            assertThat(received).isEqualTo(new PeerMessage.Chat(id, false, 0, text));
            assertThat(bobLink.send(new PeerMessage.Receipt(id))).isTrue();
            // Link batches waiting receipts into one RECEIPTS record (docs/PROTOCOL.md, peer messages).
            assertThat(atAlice.poll(30, TimeUnit.SECONDS)).isEqualTo(new PeerMessage.Receipts(List.of(id)));

            aliceLink.close(CloseReason.LOCAL, CloseReason.LOCAL);
            assertThat(bobClosed.poll(30, TimeUnit.SECONDS)).as("bob sees the orderly close").isNotNull();
        }
    }

    @Test
    void aWrongPhraseOverAPipeFailsAuthenticationOnBothSides() throws Exception {
        Identity alice = Identity.generate(RANDOM);
        Identity bob = Identity.generate(RANDOM);
        Pipe[] pipes = MemoryPipes.pair(new PipeSource.Tor(), new PipeSource.Tor());
        try (Secret aliceKey = HandshakeTest.key("open sesame"); Secret bobKey = HandshakeTest.key("open barley")) {
            CompletableFuture<HandshakeException> atBob = CompletableFuture.supplyAsync(() -> {
                try {
                    connector(bob, bobKey, 9002).accept(pipes[1]);
                    return null;
                } catch (HandshakeException e) {
                    return e;
                }
            }, Executors.newVirtualThreadPerTaskExecutor());
            HandshakeException atAlice = null;
            try {
                connector(alice, aliceKey, 9001).dial(pipes[0]);
            } catch (HandshakeException e) {
                atAlice = e;
            }
            assertThat(atAlice).isNotNull();
            assertThat(atAlice.reason().authentication()).isTrue();
            assertThat(atBob.get(30, TimeUnit.SECONDS).reason().authentication()).isTrue();
        }
    }

    @Test
    void aSilentPipeTimesOutTheTlsHandshake() throws Exception {
        Identity bob = Identity.generate(RANDOM);
        Pipe[] pipes = MemoryPipes.pair(new PipeSource.Tor(), new PipeSource.Tor());
        long start = System.nanoTime();
        HandshakeException e = null;
        try {
            TlsChannel.open(new TlsContext(bob, RANDOM), pipes[1], false, Duration.ofMillis(300), timer);
        } catch (HandshakeException thrown) {
            e = thrown;
        }
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(HandshakeException.Reason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ended by the deadline, not by the test").isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void anIncomingPipeThatSendsNothingIsDroppedAtTheFirstByteDeadlineBeforeAnyTls() throws Exception {
        Identity bob = Identity.generate(RANDOM);
        Pipe[] pipes = MemoryPipes.pair(new PipeSource.Tor(), new PipeSource.Tor());
        java.util.concurrent.atomic.AtomicBoolean sawFirstByte = new java.util.concurrent.atomic.AtomicBoolean();
        try (Secret key = HandshakeTest.key("open sesame")) {
            HandshakeException e = null;
            long start = System.nanoTime();
            try {
                connector(bob, key, 9002).accept(pipes[1], new IncomingHandshake() {
                    @Override
                    public void firstByte() {
                        sawFirstByte.set(true);
                    }
                });
            } catch (HandshakeException thrown) {
                e = thrown;
            }
            assertThat(e).isNotNull();
            assertThat(e.reason()).isEqualTo(HandshakeException.Reason.TIMEOUT);
            assertThat(sawFirstByte).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the first-byte deadline, not the TLS one")
                    .isLessThan(dev.sesame.limits.Limits.TLS_HANDSHAKE_TIMEOUT);
        }
    }

    @Test
    void anIncomingPipeWhoseFirstByteIsNotATlsHandshakeRecordIsRefusedBeforeAnyTls() throws Exception {
        Identity bob = Identity.generate(RANDOM);
        Pipe[] pipes = MemoryPipes.pair(new PipeSource.Tor(), new PipeSource.Tor());
        pipes[0].output().write(new byte[] {0x17, 0x03, 0x03}); // application data, not a ClientHello
        pipes[0].output().flush();
        java.util.concurrent.atomic.AtomicBoolean reads = new java.util.concurrent.atomic.AtomicBoolean();
        try (Secret key = HandshakeTest.key("open sesame")) {
            HandshakeException e = null;
            try {
                connector(bob, key, 9002).accept(pipes[1], new IncomingHandshake() {
                    @Override
                    public void awaitingPeer() {
                        reads.set(true);
                    }
                });
            } catch (HandshakeException thrown) {
                e = thrown;
            }
            assertThat(e).isNotNull();
            assertThat(e.reason()).isEqualTo(HandshakeException.Reason.TLS_FAILED);
            assertThat(reads).as("TLS never read from it").isFalse();
        }
    }

    @Test
    void theListenerReportsEveryWaitForThePeerAndItsEnd() throws Exception {
        Identity alice = Identity.generate(RANDOM);
        Identity bob = Identity.generate(RANDOM);
        Pipe[] pipes = MemoryPipes.pair(new PipeSource.Tor(), new PipeSource.Tor());
        try (Secret aliceKey = HandshakeTest.key("open sesame"); Secret bobKey = HandshakeTest.key("open sesame")) {
            java.util.concurrent.atomic.AtomicInteger waits = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger heard = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean waitingAtTheEnd = new java.util.concurrent.atomic.AtomicBoolean(true);
            CompletableFuture<Connector.Authenticated> atBob = CompletableFuture.supplyAsync(() -> {
                try {
                    return connector(bob, bobKey, 9002).accept(pipes[1], new IncomingHandshake() {
                        @Override
                        public void awaitingPeer() {
                            waits.incrementAndGet();
                            waitingAtTheEnd.set(true);
                        }

                        @Override
                        public void heardPeer() {
                            heard.incrementAndGet();
                            waitingAtTheEnd.set(false);
                        }
                    });
                } catch (HandshakeException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, Executors.newVirtualThreadPerTaskExecutor());
            Connector.Authenticated atAlice = connector(alice, aliceKey, 9001).dial(pipes[0]);
            Connector.Authenticated linked = atBob.get(30, TimeUnit.SECONDS);
            assertThat(waits.get()).as("TLS and every flight read from the peer").isGreaterThanOrEqualTo(4);
            assertThat(heard.get()).isEqualTo(waits.get());
            assertThat(waitingAtTheEnd).as("no read left open").isFalse();
            atAlice.channel().abort();
            linked.channel().abort();
        }
    }

    @Test
    void theListenersAdmissionMayRefuseOnceTlsShowsThePeer() throws Exception {
        Identity alice = Identity.generate(RANDOM);
        Identity bob = Identity.generate(RANDOM);
        Pipe[] pipes = MemoryPipes.pair(new PipeSource.Tor(), new PipeSource.Tor());
        try (Secret aliceKey = HandshakeTest.key("open sesame"); Secret bobKey = HandshakeTest.key("open sesame")) {
            java.util.concurrent.atomic.AtomicReference<PeerId> seen = new java.util.concurrent.atomic.AtomicReference<>();
            CompletableFuture<HandshakeException> atBob = CompletableFuture.supplyAsync(() -> {
                try {
                    connector(bob, bobKey, 9002).accept(pipes[1], new IncomingHandshake() {
                        @Override
                        public java.util.Optional<dev.sesame.util.ReasonCode> tlsDone(PeerId peer) {
                            seen.set(peer);
                            return java.util.Optional.of(() -> "busy_source");
                        }
                    });
                    return null;
                } catch (HandshakeException e) {
                    return e;
                }
            }, Executors.newVirtualThreadPerTaskExecutor());
            try {
                connector(alice, aliceKey, 9001).dial(pipes[0]);
            } catch (HandshakeException expected) {
                // refused
            }
            HandshakeException refused = atBob.get(30, TimeUnit.SECONDS);
            assertThat(refused.code().code()).isEqualTo("busy_source");
            assertThat(seen.get()).isEqualTo(alice.peerId());
        }
    }

    private static MessageLink.Listener listener(BlockingQueue<PeerMessage> messages, BlockingQueue<CloseReason> closed) {
        return new MessageLink.Listener() {
            @Override
            public void onMessage(MessageLink link, PeerMessage message) {
                if (!(message instanceof PeerMessage.Profile)) messages.add(message);
            }

            @Override
            public void onClosed(MessageLink link, CloseReason reason, dev.sesame.util.ReasonCode detail) {
                closed.add(reason);
            }
        };
    }
}
