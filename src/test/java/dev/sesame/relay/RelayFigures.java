package dev.sesame.relay;

import dev.sesame.limits.Limits;
import dev.sesame.link.Identity;
import dev.sesame.link.TlsChannel;
import dev.sesame.link.TlsContext;
import dev.sesame.relay.RelayMessage.MemberId;
import dev.sesame.testing.RelayProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Figures for the relay ({@code scripts/relay-figures}): a real {@code sesame relay} process on
 * loopback, and members built from the relay classes in this JVM speaking the relay protocol
 * directly, each pair from its own loopback source address (127.0.0.x) so that the per-source
 * limits do not hide the relay's own capacity. Pipe-level figures: the members' link inside
 * (its TLS, cells and ratchet) is the same over a relayed pipe as over TCP and is measured by
 * the other harnesses. Prints a table; asserts nothing.
 */
public final class RelayFigures {
    private static final int RECORD = 534; // one cell in one TLS record of the inner link
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(4);
    private static final TlsContext TLS = new TlsContext(Identity.generate(RANDOM), RANDOM);

    public static void main(String[] args) throws Exception {
        int pipes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        try (RelayProcess relay = RelayProcess.start(0)) {
            int port = relay.port();
            long pid = relay.pid();
            // warm up both paths, then latency
            List<TlsChannel[]> warm = pairs(port, 2, 200);
            roundTrips(warm.getFirst(), 200);
            TlsChannel[] direct = directPair();
            roundTrips(direct, 200);
            long[] viaRelay = roundTrips(warm.get(1), 1000);
            long[] straight = roundTrips(direct, 1000);
            System.out.printf("round trip of one %d-byte record, direct TLS over TCP: p50 %.0f µs, p99 %.0f µs%n", RECORD,
                    pct(straight, 50), pct(straight, 99));
            System.out.printf("round trip through the relay:                        p50 %.0f µs, p99 %.0f µs%n",
                    pct(viaRelay, 50), pct(viaRelay, 99));
            System.out.printf("added by the relay (two more hops, one more TLS each way): p50 %.0f µs, p99 %.0f µs%n",
                    pct(viaRelay, 50) - pct(straight, 50), pct(viaRelay, 99) - pct(straight, 99));

            long rssBefore = status(pid, "VmRSS");
            long start = System.nanoTime();
            List<TlsChannel[]> many = pairs(port, pipes, 2);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d pipes set up in %.2f s: %.0f pipes/s (each: 2 control registrations, request, 2 TLS pipe connections)%n",
                    pipes, seconds, pipes / seconds);
            Thread.sleep(2000);
            long rssAfter = status(pid, "VmRSS");
            System.out.printf("relay resident memory: %d kB before, %d kB with %d idle pipes and %d members: %.0f kB per pipe (members included)%n",
                    rssBefore, rssAfter, pipes, 2 * pipes + 4, (double) (rssAfter - rssBefore) / pipes);

            long cpuBefore = cpuTicks(pid);
            long wallBefore = System.nanoTime();
            int coverSeconds = 20;
            cover(many, coverSeconds);
            double cpu = (cpuTicks(pid) - cpuBefore) / 100.0 / ((System.nanoTime() - wallBefore) / 1e9);
            System.out.printf("relay CPU with %d pipes carrying cover traffic (10 records/s each way each): %.1f %% of one core%n",
                    pipes, 100 * cpu);

            // Throughput per pipe, in records of one cell each (534 bytes, as the inner link sends
            // them), through one spliced pipe and, for comparison, over direct TLS on loopback.
            TlsChannel[] bulk = pairs(port, 1, 600).getFirst(); // a fresh pipe: idle ones end after RELAY_IDLE_TIMEOUT
            int total = 3 * 1024 * 1024;
            Bulk relayed = bulk(bulk, total, Limits.RELAY_PIPE_BURST_BYTES);
            Bulk straightBulk = bulk(direct, total, Limits.RELAY_PIPE_BURST_BYTES);
            System.out.printf("throughput, 3 MiB one way in %d-byte records, direct TLS over TCP: %.2f MB/s, %.0f records/s%n",
                    RECORD, straightBulk.megabytesPerSecond(), straightBulk.recordsPerSecond());
            System.out.printf("throughput through one relay pipe, whole transfer:                %.2f MB/s, %.0f records/s%n",
                    relayed.megabytesPerSecond(), relayed.recordsPerSecond());
            System.out.printf("through one relay pipe after its %d KiB burst:                 %.2f MB/s, %.0f records/s (limit %d KiB/s = %.2f MB/s)%n",
                    Limits.RELAY_PIPE_BURST_BYTES / 1024, relayed.sustainedMegabytesPerSecond(), relayed.sustainedRecordsPerSecond(),
                    Limits.RELAY_PIPE_BYTES_PER_SECOND / 1024, Limits.RELAY_PIPE_BYTES_PER_SECOND / 1e6);
        } finally {
            TIMER.shutdownNow();
        }
        System.exit(0);
    }

    /** {@code count} pipes, each between two members of their own room from their own source address. */
    private static List<TlsChannel[]> pairs(int port, int count, int firstSource) throws Exception {
        List<TlsChannel[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String source = "127.0." + (1 + (firstSource + i) / 250) + "." + (2 + (firstSource + i) % 250);
            byte[] room = RoomName.hash("figures " + firstSource + " " + i);
            byte[] a = new byte[16];
            byte[] b = new byte[16];
            b[0] = 1;
            TlsChannel ca = register(port, source, room, a);
            TlsChannel cb = register(port, source, room, b);
            read(ca); // presence with b
            send(ca, new RelayMessage.PipeRequest(1, new MemberId(b)));
            RelayMessage.PipeReady ready = (RelayMessage.PipeReady) read(ca);
            RelayMessage.PipeOffer offer = (RelayMessage.PipeOffer) read(cb);
            TlsChannel pa = connect(port, source);
            TlsChannel pb = connect(port, source);
            send(pa, new RelayMessage.Splice(RelayMessage.VERSION, ready.token()));
            send(pb, new RelayMessage.Splice(RelayMessage.VERSION, offer.token()));
            read(pa);
            read(pb);
            out.add(new TlsChannel[] {pa, pb, ca, cb});
        }
        return out;
    }

    private static TlsChannel register(int port, String source, byte[] room, byte[] id) throws Exception {
        TlsChannel c = connect(port, source);
        send(c, new RelayMessage.Register(RelayMessage.VERSION, room, id));
        RelayMessage first = read(c);
        if (!(first instanceof RelayMessage.Registered)) throw new IllegalStateException("not registered: " + first);
        read(c); // presence
        return c;
    }

    private static TlsChannel connect(int port, String source) throws Exception {
        Socket tcp = new Socket();
        tcp.bind(new InetSocketAddress(source, 0));
        tcp.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        tcp.setTcpNoDelay(true);
        return TlsChannel.open(TLS, new SocketPipe(tcp), true, Duration.ofSeconds(30), TIMER);
    }

    private static TlsChannel[] directPair() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var accepted = new java.util.concurrent.CompletableFuture<TlsChannel>();
            Thread.ofVirtual().start(() -> {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    accepted.complete(TlsChannel.open(TLS, new SocketPipe(s), false, Duration.ofSeconds(30), TIMER));
                } catch (Exception e) {
                    accepted.completeExceptionally(e);
                }
            });
            Socket tcp = new Socket("127.0.0.1", server.getLocalPort());
            tcp.setTcpNoDelay(true);
            TlsChannel client = TlsChannel.open(TLS, new SocketPipe(tcp), true, Duration.ofSeconds(30), TIMER);
            return new TlsChannel[] {client, accepted.get(30, TimeUnit.SECONDS)};
        }
    }

    /** Nanoseconds per round trip of one record: the far end echoes it. */
    private static long[] roundTrips(TlsChannel[] pair, int count) throws Exception {
        Thread echo = Thread.ofVirtual().start(() -> {
            try {
                byte[] buffer = new byte[RECORD];
                for (int i = 0; i < count; i++) {
                    readFully(pair[1].input(), buffer);
                    pair[1].output().write(buffer);
                    pair[1].output().flush();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] record = new byte[RECORD];
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            long t = System.nanoTime();
            pair[0].output().write(record);
            pair[0].output().flush();
            readFully(pair[0].input(), record);
            out[i] = System.nanoTime() - t;
        }
        echo.join();
        return out;
    }

    /** Every pipe sends one record each way every 100 ms, as cover traffic does, for {@code seconds}. */
    private static void cover(List<TlsChannel[]> pipes, int seconds) throws Exception {
        List<Thread> threads = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (TlsChannel[] p : pipes) {
            for (int side = 0; side < 2; side++) {
                TlsChannel out = p[side];
                TlsChannel in = p[1 - side];
                threads.add(Thread.ofVirtual().start(() -> {
                    byte[] record = new byte[RECORD];
                    try {
                        long next = System.nanoTime();
                        while (System.nanoTime() < until) {
                            out.output().write(record);
                            out.output().flush();
                            next += 100_000_000L;
                            long wait = next - System.nanoTime();
                            if (wait > 0) Thread.sleep(Duration.ofNanos(wait));
                        }
                    } catch (IOException | InterruptedException e) {
                        // the harness ends
                    }
                }));
                threads.add(Thread.ofVirtual().start(() -> {
                    byte[] buffer = new byte[RECORD];
                    try {
                        in.setReadTimeout(Duration.ofSeconds(seconds + 5));
                        while (System.nanoTime() < until) readFully(in.input(), buffer);
                    } catch (IOException e) {
                        // the harness ends
                    }
                }));
            }
        }
        for (Thread t : threads) t.join();
    }

    /** A one-way transfer: its length, how long it took, and how long the part after the first {@code burst} bytes took. */
    private record Bulk(long bytes, double seconds, long burst, double secondsAfterBurst) {
        double megabytesPerSecond() {
            return bytes / seconds / 1e6;
        }

        double recordsPerSecond() {
            return bytes / (double) RECORD / seconds;
        }

        double sustainedMegabytesPerSecond() {
            return (bytes - burst) / secondsAfterBurst / 1e6;
        }

        double sustainedRecordsPerSecond() {
            return (bytes - burst) / (double) RECORD / secondsAfterBurst;
        }
    }

    /** Sends {@code total} bytes from {@code pair[0]} to {@code pair[1]}, one flushed record of {@link #RECORD} bytes at a time. */
    private static Bulk bulk(TlsChannel[] pair, int total, long burst) throws Exception {
        int records = (total + RECORD - 1) / RECORD;
        long bytes = (long) records * RECORD;
        long[] times = new long[2]; // when the burst had arrived, when everything had
        Thread sink = Thread.ofVirtual().start(() -> drain(pair[1], bytes, burst, times));
        long t0 = System.nanoTime();
        byte[] record = new byte[RECORD];
        for (int i = 0; i < records; i++) {
            pair[0].output().write(record);
            pair[0].output().flush();
        }
        sink.join();
        if (times[1] == 0) throw new IOException("the transfer did not complete");
        return new Bulk(bytes, (times[1] - t0) / 1e9, burst, (times[1] - times[0]) / 1e9);
    }

    private static void drain(TlsChannel in, long total, long burst, long[] times) {
        byte[] buffer = new byte[16 * 1024];
        try {
            in.setReadTimeout(Duration.ofSeconds(120));
            for (long got = 0; got < total; ) {
                int n = in.input().read(buffer);
                if (n < 0) return;
                got += n;
                if (times[0] == 0 && got >= burst) times[0] = System.nanoTime();
            }
            times[1] = System.nanoTime();
        } catch (IOException e) {
            // the harness ends; times[1] stays 0
        }
    }

    private static void readFully(InputStream in, byte[] buffer) throws IOException {
        int at = 0;
        while (at < buffer.length) {
            int n = in.read(buffer, at, buffer.length - at);
            if (n < 0) throw new IOException("closed");
            at += n;
        }
    }

    private static void send(TlsChannel c, RelayMessage m) throws IOException {
        c.output().write(RelayCodec.encode(m));
        c.output().flush();
    }

    private static RelayMessage read(TlsChannel c) throws Exception {
        c.setReadTimeout(Duration.ofSeconds(30));
        return RelayCodec.read(c.input(), Limits.RELAY_MAX_RECORD_BYTES);
    }

    private static double pct(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1000.0;
    }

    private static long status(long pid, String field) throws IOException {
        return RelayJunkIT.status(pid, field);
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }
}
