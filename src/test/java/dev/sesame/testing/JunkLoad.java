package dev.sesame.testing;

import dev.sesame.link.HandshakeException;
import dev.sesame.link.Identity;
import dev.sesame.link.TlsContext;
import dev.sesame.transport.TcpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;

/**
 * A denial-of-service load on one listener (issue 12, docs/SECURITY.md §Junk connections): a
 * fixed number of concurrent junk connections, each reconnecting as soon as the victim drops
 * it, from a list of source addresses (127.0.0.2 and up bind fine on Linux loopback). Runs on
 * virtual threads; closes every socket with a reset so that reconnecting never exhausts
 * ephemeral ports.
 */
public final class JunkLoad implements AutoCloseable {
    /** What one junk connection does. */
    public enum Kind {
        /** Connects and says nothing. */
        SILENT,
        /** Sends a real TLS ClientHello one byte a second. */
        TRICKLED_CLIENT_HELLO,
        /** Sends 512 random bytes, then waits. */
        RANDOM_BYTES,
        /** Sends a whole ClientHello, then never answers the server's flight. */
        HALF_OPEN_TLS,
        /** Completes TLS and runs the phrase handshake with a wrong phrase. */
        WRONG_PHRASE
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final InetSocketAddress target;
    private final List<InetAddress> sources;
    private final int connections;
    private final List<Kind> kinds;
    private final TestNode guesser;
    private final byte[] clientHello;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<Kind, AtomicLong> attempts = new EnumMap<>(Kind.class);
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong nextSource = new AtomicLong();
    private volatile boolean rotate;
    private volatile boolean running;

    /** {@code guesser}: the identity and (wrong) phrase the WRONG_PHRASE connections use. */
    public JunkLoad(InetSocketAddress target, List<InetAddress> sources, int connections, List<Kind> kinds, TestNode guesser) {
        this.target = target;
        this.sources = List.copyOf(sources);
        this.connections = connections;
        this.kinds = List.copyOf(kinds);
        this.guesser = guesser;
        this.clientHello = clientHello();
        for (Kind k : Kind.values()) attempts.put(k, new AtomicLong());
    }

    /** {@code count} loopback addresses from 127.0.0.2 on. */
    public static List<InetAddress> loopbackSources(int count) {
        List<InetAddress> out = new ArrayList<>();
        for (int n = 1; n <= count; n++) { // 127.0.0.2 … 127.0.0.250, then 127.0.1.1 …
            try {
                out.add(InetAddress.getByAddress(new byte[] {127, 0, (byte) (n / 250), (byte) (n % 250 + 1)}));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /**
     * Each new connection takes the next source in turn instead of its fixed one: an attacker
     * with many addresses and fewer connections uses every address's budget this way.
     */
    public JunkLoad rotatingSources() {
        rotate = true;
        return this;
    }

    public JunkLoad start() {
        running = true;
        for (int i = 0; i < connections; i++) {
            Kind kind = kinds.get(i % kinds.size());
            InetAddress source = sources.get(i % sources.size());
            threads.add(Thread.ofVirtual().name("junk-" + kind + "-" + i).start(() -> loop(kind, source)));
        }
        return this;
    }

    /** Connections opened so far, per kind. */
    public Map<Kind, Long> attempts() {
        Map<Kind, Long> out = new EnumMap<>(Kind.class);
        attempts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /**
     * How many connections {@code victim} refused or dropped so far, by reason: its {@code rejected}
     * events carry a running {@code count} per host and reason, and a flood is reported by fewer
     * events than refusals (docs/HEADLESS.md), so this adds up the last count of each group.
     */
    public static Map<String, Long> refusals(SesameProcess victim) {
        Map<String, Long> last = new java.util.HashMap<>();
        for (var e : victim.events("rejected")) {
            String address = e.path("address").asText();
            String host = address.contains(":") ? address.substring(0, address.lastIndexOf(':')) : address;
            last.merge(host + " " + e.path("reason").asText(), e.path("count").asLong(1), Math::max);
        }
        Map<String, Long> byReason = new java.util.TreeMap<>();
        last.forEach((group, count) -> byReason.merge(group.substring(group.indexOf(' ') + 1), count, Long::sum));
        return byReason;
    }

    public long totalAttempts() {
        return attempts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private void loop(Kind kind, InetAddress fixedSource) {
        while (running) {
            InetAddress source = rotate ? sources.get((int) (nextSource.getAndIncrement() % sources.size())) : fixedSource;
            Socket socket = new Socket();
            open.add(socket);
            try {
                socket.setSoLinger(true, 0);
                socket.bind(new InetSocketAddress(source, 0));
                socket.connect(target, 5000);
                attempts.get(kind).incrementAndGet();
                once(kind, socket);
            } catch (IOException | RuntimeException | HandshakeException e) {
                // dropped by the victim (what we want), or the victim is gone: try again
            } finally {
                open.remove(socket);
                try {
                    socket.close();
                } catch (IOException e) {
                    // already closed
                }
            }
            pause(50);
        }
    }

    private void once(Kind kind, Socket socket) throws IOException, HandshakeException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        switch (kind) {
            case SILENT -> drain(in);
            case TRICKLED_CLIENT_HELLO -> {
                for (int i = 0; i < clientHello.length && running; i++) {
                    out.write(clientHello[i]);
                    out.flush();
                    if (in.available() > 0 && in.read() < 0) return;
                    pause(1000);
                }
                drain(in);
            }
            case RANDOM_BYTES -> {
                byte[] junk = new byte[512];
                RANDOM.nextBytes(junk);
                out.write(junk);
                out.flush();
                drain(in);
            }
            case HALF_OPEN_TLS -> {
                out.write(clientHello);
                out.flush();
                drain(in);
            }
            case WRONG_PHRASE -> guesser.connector(0).dial(TcpTransport.pipe(socket));
        }
    }

    private void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        while (running && in.read(buffer) >= 0) {
            // whatever the victim sends, until it hangs up
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A real TLS 1.3 ClientHello from a fresh identity, as our own dialer would send it. */
    private static byte[] clientHello() {
        try {
            Identity identity = Identity.generate(RANDOM);
            SSLEngine engine = new TlsContext(identity, RANDOM).engine(true);
            engine.beginHandshake();
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), out);
            out.flip();
            byte[] bytes = new byte[out.remaining()];
            out.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
