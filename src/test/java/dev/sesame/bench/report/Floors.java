package dev.sesame.bench.report;

import dev.sesame.crypto.PhraseKeys;
import dev.sesame.crypto.Secret;
import dev.sesame.limits.Limits;
import dev.sesame.link.CloseReason;
import dev.sesame.link.Connector;
import dev.sesame.link.Identity;
import dev.sesame.link.Link;
import dev.sesame.link.SecureChannel;
import dev.sesame.link.TlsChannel;
import dev.sesame.link.TlsContext;
import dev.sesame.link.TrafficShape;
import dev.sesame.transport.TcpTransport;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floors Sesame is compared with, measured in this JVM in the same run: a raw TLS 1.3 pair
 * on loopback (the same TLS configuration as Sesame's, nothing above it), and an in-JVM Sesame
 * link (TLS, phrase handshake, ratchet, cells) without processes, stdin or stdout.
 */
final class Floors implements AutoCloseable {
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("floor-timer").factory());
    private final Identity serverIdentity = Identity.generate(random);
    private final Identity clientIdentity = Identity.generate(random);
    private final TlsContext serverTls = new TlsContext(serverIdentity, random);
    private final TlsContext clientTls = new TlsContext(clientIdentity, random);

    /** A connected TLS 1.3 pair: Sesame's own TLS channel over TCP, nothing above it. */
    private record Pair(SecureChannel client, SecureChannel server) implements AutoCloseable {
        @Override
        public void close() {
            client.abort();
            server.abort();
        }
    }

    private Pair tlsPair() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<SecureChannel> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return TlsChannel.open(serverTls, TcpTransport.pipe(listener.accept()), false, Duration.ofSeconds(10), timer);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Socket tcp = new Socket();
            tcp.connect(listener.getLocalSocketAddress());
            SecureChannel client = TlsChannel.open(clientTls, TcpTransport.pipe(tcp), true, Duration.ofSeconds(10), timer);
            return new Pair(client, accepted.get(10, TimeUnit.SECONDS));
        }
    }

    /** One-way latency of a cell-sized TLS record: half of each ping-pong, in milliseconds. */
    List<Double> tlsOneHopMillis(int warmUp, int count) throws Exception {
        try (Pair pair = tlsPair()) {
            Thread echo = Thread.ofPlatform().daemon().start(() -> {
                byte[] cell = new byte[Limits.CELL_BYTES];
                try {
                    DataInputStream in = new DataInputStream(pair.server().input());
                    OutputStream out = pair.server().output();
                    while (true) {
                        in.readFully(cell);
                        out.write(cell);
                        out.flush();
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            byte[] cell = new byte[Limits.CELL_BYTES];
            DataInputStream in = new DataInputStream(pair.client().input());
            OutputStream out = pair.client().output();
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < warmUp + count; i++) {
                long start = System.nanoTime();
                out.write(cell);
                out.flush();
                in.readFully(cell);
                if (i >= warmUp) millis.add((System.nanoTime() - start) / 2e6);
            }
            pair.close();
            echo.join(1000);
            return millis;
        }
    }

    /** Messages per second of {@code size} bytes, one TLS record each, one way. */
    double tlsMessagesPerSecond(int size, int count) throws Exception {
        try (Pair pair = tlsPair()) {
            long total = (long) size * count;
            CompletableFuture<Long> done = CompletableFuture.supplyAsync(() -> {
                byte[] buffer = new byte[64 * 1024];
                long got = 0;
                try {
                    InputStream in = pair.server().input();
                    while (got < total) {
                        int n = in.read(buffer);
                        if (n < 0) break;
                        got += n;
                    }
                } catch (IOException e) {
                    // closed
                }
                return System.nanoTime();
            });
            byte[] message = new byte[size];
            OutputStream out = pair.client().output();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                out.write(message);
                out.flush();
            }
            long end = done.get(60, TimeUnit.SECONDS);
            return count / ((end - start) / 1e9);
        }
    }

    /**
     * Chat messages per second of {@code size} bytes of text over one in-JVM Sesame link (cover
     * off): encrypted by the ratchet, cut into cells, through TLS on loopback, reassembled and
     * decrypted on the other side. No receipts, no mesh, no stdin or stdout.
     */
    double linkMessagesPerSecond(int size, int count) throws Exception {
        TrafficShape shape = new TrafficShape(false, Limits.DEFAULT_COVER_INTERVAL);
        Secret phraseKey;
        try (Secret phrase = Secret.copyAndWipe("floor".getBytes(StandardCharsets.UTF_8))) {
            phraseKey = PhraseKeys.derive(phrase, PhraseKeys.Mode.REAL);
        }
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Connector dialer = new Connector(clientIdentity, clientTls, phraseKey, List::of, shape, random, timer);
            Connector acceptor = new Connector(serverIdentity, serverTls, phraseKey, List::of, shape, random, timer);
            CompletableFuture<Connector.Authenticated> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return acceptor.accept(TcpTransport.pipe(listener.accept()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Socket tcp = new Socket();
            tcp.connect(listener.getLocalSocketAddress());
            Connector.Authenticated out = dialer.dial(TcpTransport.pipe(tcp));
            Connector.Authenticated in = accepted.get(30, TimeUnit.SECONDS);
            AtomicLong received = new AtomicLong();
            CountDownLatch all = new CountDownLatch(1);
            Link receiver = new Link(in.channel(), in.session(), shape, listener(m -> {
                if (m instanceof PeerMessage.Chat && received.incrementAndGet() == count) all.countDown();
            }));
            Link sender = new Link(out.channel(), out.session(), shape, listener(m -> {}));
            receiver.start();
            sender.start();
            String text = "x".repeat(size);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                PeerMessage.Chat chat = new PeerMessage.Chat(MessageId.random(random), false, 0, text);
                while (!sender.send(chat)) Thread.sleep(0, 50_000); // queue full: back-pressure
            }
            boolean finished = all.await(120, TimeUnit.SECONDS);
            double perSecond = received.get() / ((System.nanoTime() - start) / 1e9);
            sender.close(CloseReason.LOCAL, CloseReason.LOCAL);
            receiver.close(CloseReason.LOCAL, CloseReason.LOCAL);
            if (!finished) throw new IllegalStateException("the in-JVM link delivered " + received.get() + " of " + count);
            return perSecond;
        } finally {
            phraseKey.close();
        }
    }

    private static dev.sesame.link.MessageLink.Listener listener(java.util.function.Consumer<PeerMessage> onMessage) {
        return new dev.sesame.link.MessageLink.Listener() {
            @Override
            public void onMessage(dev.sesame.link.MessageLink link, PeerMessage message) {
                onMessage.accept(message);
            }

            @Override
            public void onClosed(dev.sesame.link.MessageLink link, CloseReason reason, dev.sesame.util.ReasonCode cause) {
                // the measurement is over
            }
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
