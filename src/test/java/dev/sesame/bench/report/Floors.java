package dev.sesame.bench.report;

import dev.sesame.crypto.PhraseKeys;
import dev.sesame.crypto.Secret;
import dev.sesame.limits.Limits;
import dev.sesame.link.CloseReason;
import dev.sesame.link.Connector;
import dev.sesame.link.Identity;
import dev.sesame.link.Link;
import dev.sesame.link.TlsContext;
import dev.sesame.link.TrafficShape;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;

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

    /** A connected, handshaken TLS pair. */
    private record Pair(SSLSocket client, SSLSocket server) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            client.close();
            server.close();
        }
    }

    private Pair tlsPair() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<SSLSocket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    Socket tcp = listener.accept();
                    tcp.setTcpNoDelay(true);
                    SSLSocket tls = serverTls.wrap(tcp, false);
                    tls.startHandshake();
                    return tls;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Socket tcp = new Socket();
            tcp.connect(listener.getLocalSocketAddress());
            tcp.setTcpNoDelay(true);
            SSLSocket client = clientTls.wrap(tcp, true);
            client.startHandshake();
            return new Pair(client, accepted.get(10, TimeUnit.SECONDS));
        }
    }

    /** One-way latency of a cell-sized TLS record: half of each ping-pong, in milliseconds. */
    List<Double> tlsOneHopMillis(int warmUp, int count) throws Exception {
        try (Pair pair = tlsPair()) {
            Thread echo = Thread.ofPlatform().daemon().start(() -> {
                byte[] cell = new byte[Limits.CELL_BYTES];
                try {
                    DataInputStream in = new DataInputStream(pair.server().getInputStream());
                    OutputStream out = pair.server().getOutputStream();
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
            DataInputStream in = new DataInputStream(pair.client().getInputStream());
            OutputStream out = pair.client().getOutputStream();
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
                    InputStream in = pair.server().getInputStream();
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
            OutputStream out = pair.client().getOutputStream();
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
            int port = listener.getLocalPort();
            Connector dialer = new Connector(clientIdentity, clientTls, phraseKey, () -> 1, shape, random, timer);
            Connector acceptor = new Connector(serverIdentity, serverTls, phraseKey, () -> port, shape, random, timer);
            CompletableFuture<Connector.Authenticated> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return acceptor.accept(listener.accept());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Connector.Authenticated out = dialer.dial(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
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
            sender.close(CloseReason.LOCAL, "done");
            receiver.close(CloseReason.LOCAL, "done");
            if (!finished) throw new IllegalStateException("the in-JVM link delivered " + received.get() + " of " + count);
            return perSecond;
        } finally {
            phraseKey.close();
        }
    }

    private static Link.Listener listener(java.util.function.Consumer<PeerMessage> onMessage) {
        return new Link.Listener() {
            @Override
            public void onMessage(Link link, PeerMessage message) {
                onMessage.accept(message);
            }

            @Override
            public void onClosed(Link link, CloseReason reason, String detail) {
                // the measurement is over
            }
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
