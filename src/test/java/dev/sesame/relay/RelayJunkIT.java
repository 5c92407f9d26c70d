package dev.sesame.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.link.Identity;
import dev.sesame.link.TlsContext;
import dev.sesame.relay.RelayMessage.MemberId;
import dev.sesame.testing.RelayProcess;
import dev.sesame.transport.Pipe;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * 500 junk connections at a real relay process — silent, garbage, a TLS record dribbled a byte
 * a second, and TLS that never registers — while two members in a room keep making pipes
 * through it. The relay's OS threads and resident memory stay bounded, and the junk is gone
 * after the register deadline.
 */
class RelayJunkIT {
    private static final int JUNK = 500;
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);

    @Test
    void junkConnectionsDoNotStopRoomsFromServingAndCostBoundedThreadsAndMemory() throws Exception {
        try (RelayProcess relay = RelayProcess.start(0)) {
            RelayAddress address = RelayAddress.parse(relay.pinned()).orElseThrow();
            long threadsBefore = status(relay.pid(), "Threads");
            long rssBefore = status(relay.pid(), "VmRSS");
            List<Socket> junk = new ArrayList<>();
            List<Thread> dribblers = new ArrayList<>();
            for (int i = 0; i < JUNK; i++) {
                Socket s = new Socket();
                s.bind(new InetSocketAddress("127.0.0." + (2 + i / 25), 0)); // 20 sources of 25, under the per-source cap
                s.connect(new InetSocketAddress("127.0.0.1", relay.port()), 5000);
                junk.add(s);
                switch (i % 4) {
                    case 0 -> { } // silent
                    case 1 -> {
                        byte[] garbage = new byte[512];
                        random.nextBytes(garbage);
                        s.getOutputStream().write(garbage);
                    }
                    case 2 -> dribblers.add(Thread.ofVirtual().start(() -> dribble(s)));
                    default -> dribblers.add(Thread.ofVirtual().start(() -> tlsThenSilence(s)));
                }
            }
            long maxThreads = 0;
            long maxRss = 0;
            TlsContext tls = new TlsContext(Identity.generate(random), random);
            for (int round = 0; round < 3; round++) {
                assertPipeWorks(address, tls, round);
                maxThreads = Math.max(maxThreads, status(relay.pid(), "Threads"));
                maxRss = Math.max(maxRss, status(relay.pid(), "VmRSS"));
            }
            System.out.printf("relay under %d junk connections: threads %d -> %d, RSS %d -> %d kB%n", JUNK, threadsBefore, maxThreads,
                    rssBefore, maxRss);
            assertThat(maxThreads).as("virtual threads per connection: OS threads do not grow with connections")
                    .isLessThan(threadsBefore + 20);
            assertThat(maxRss - rssBefore).as("resident memory growth under 500 junk connections, kB").isLessThan(120_000);
            // the register deadline clears the junk; the console says so in counts only
            relay.await(l -> l.startsWith("relay: 0 rooms, 0 members, 0 pipes (0 pending), 0 connections"), java.time.Duration.ofSeconds(40));
            for (Socket s : junk) s.close();
            dribblers.forEach(Thread::interrupt);
            assertThat(relay.lines()).filteredOn(l -> l.startsWith("relay:")).isNotEmpty().noneMatch(l -> l.contains("127.0.0."));
        } finally {
            timer.shutdownNow();
        }
    }

    private void assertPipeWorks(RelayAddress address, TlsContext tls, int round) throws Exception {
        BlockingQueue<Pipe> arrived = new LinkedBlockingQueue<>();
        BlockingQueue<List<MemberId>> presence = new LinkedBlockingQueue<>();
        byte[] room = RoomName.hash("junk test room " + round);
        MemberId a = new MemberId(new byte[16]);
        byte[] bId = new byte[16];
        bId[0] = 1;
        MemberId b = new MemberId(bId);
        try (RelayClient first = client(address, tls, room, a, arrived, presence);
             RelayClient second = client(address, tls, room, b, arrived, new LinkedBlockingQueue<>())) {
            while (true) {
                List<MemberId> now = presence.poll(20, TimeUnit.SECONDS);
                assertThat(now).as("presence while junk is held").isNotNull();
                if (now.contains(b)) break;
            }
            Pipe out = first.pipeTo(b);
            Pipe in = arrived.poll(20, TimeUnit.SECONDS);
            assertThat(in).isNotNull();
            out.output().write(new byte[] {42});
            out.output().flush();
            assertThat(in.input().read()).isEqualTo(42);
            out.close();
            in.close();
        }
    }

    private RelayClient client(RelayAddress address, TlsContext tls, byte[] room, MemberId id, BlockingQueue<Pipe> arrived,
                               BlockingQueue<List<MemberId>> presence) {
        RelayClient c = new RelayClient(address, room, id, tls, timer, random, new RelayClient.Listener() {
            @Override
            public void up(RelayAddress relay, RelayFingerprint fingerprint) {}

            @Override
            public void down(RelayAddress relay, RelayDown reason, String detail) {}

            @Override
            public void presence(RelayAddress relay, List<MemberId> others) {
                presence.add(others);
            }

            @Override
            public void pipeArrived(Pipe pipe) {
                arrived.add(pipe);
            }
        });
        c.start();
        return c;
    }

    /** The start of a TLS record, then one byte a second. */
    private static void dribble(Socket s) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
            while (!Thread.currentThread().isInterrupted()) {
                out.write(1);
                out.flush();
                Thread.sleep(1000);
            }
        } catch (IOException | InterruptedException e) {
            // dropped by the relay's deadline, as it should be
        }
    }

    /** A full TLS handshake (any client certificate is refused, so none is sent), then nothing. */
    private static void tlsThenSilence(Socket s) {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

                public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}

                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(s, "relay", s.getPort(), true);
            tls.startHandshake();
            tls.getInputStream().read();
        } catch (Exception e) {
            // refused (no client certificate) or dropped at the deadline
        }
    }

    static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
        }
        throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
    }
}
