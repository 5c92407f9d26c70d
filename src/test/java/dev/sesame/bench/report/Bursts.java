package dev.sesame.bench.report;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One burst on one link: {@code count} lines of {@code size} bytes written into a's stdin as fast
 * as its pipe takes them. Headless back-pressure (docs/HEADLESS.md) makes a's reader wait while
 * the outbox is full, so the pipe fills and the writer blocks instead of messages being lost;
 * whatever a still reports {@code undelivered} is counted. Ends when b has shown every line or a
 * has reported the rest undelivered (or after two minutes). Not a test: nothing asserts a time.
 */
final class Bursts {
    private Bursts() {}

    /** Warm-up lines before a burst: {@code -Dbench.warmup=N}, or 300 (enough for the JIT to see the path, not to finish). */
    static int defaultWarmUp() {
        return Integer.getInteger("bench.warmup", 300);
    }

    /** {@code rss}, if not null, gets a sample (ms since start, RSS of a, RSS of b) every 20 ms. */
    static BenchReport.Results.Burst run(BenchNode a, BenchNode b, int size, int count, List<double[]> rss) throws InterruptedException {
        return run(a, b, size, count, rss, defaultWarmUp());
    }

    /** After {@code warmUp} lines, sent the same way and not measured. */
    static BenchReport.Results.Burst run(BenchNode a, BenchNode b, int size, int count, List<double[]> rss, int warmUp)
            throws InterruptedException {
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < warmUp; i++) first.append("warm-up ").append(i).append('\n');
        if (warmUp > 0) {
            a.write(first.toString().getBytes(StandardCharsets.UTF_8));
            String lastWarmUp = "warm-up " + (warmUp - 1);
            b.await("message", j -> j.path("text").asText().equals(lastWarmUp), 120_000);
        }
        StringBuilder lines = new StringBuilder();
        String filler = "y".repeat(size - 8);
        for (int i = 0; i < count; i++) lines.append(filler).append(String.format("%08d", i)).append('\n');
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        long undeliveredBefore = a.count("undelivered");
        long cpuA = a.cpuMillis();
        long cpuB = b.cpuMillis();
        long start = System.nanoTime();
        Thread writer = Thread.ofPlatform().start(() -> a.write(bytes));
        Set<String> received = new HashSet<>();
        long last = start;
        long nextSample = start;
        long deadline = start + 120_000_000_000L;
        while (received.size() + a.count("undelivered") - undeliveredBefore < count && System.nanoTime() < deadline) {
            BenchNode.Event e;
            try {
                e = b.await("message", j -> true, 200);
            } catch (IllegalStateException timeout) {
                e = null;
            }
            if (e != null && e.json().path("text").asText().startsWith(filler)) {
                received.add(e.json().path("text").asText());
                last = e.nanos();
            }
            if (rss != null && System.nanoTime() >= nextSample) {
                rss.add(new double[] {(System.nanoTime() - start) / 1e6, a.rssMib(), b.rssMib()});
                nextSample += 20_000_000;
            }
        }
        writer.join();
        double seconds = (last - start) / 1e9;
        return new BenchReport.Results.Burst(size, count, received.size(), a.count("undelivered") - undeliveredBefore,
                received.size() / seconds, (a.cpuMillis() - cpuA) * 1000.0 / count, (b.cpuMillis() - cpuB) * 1000.0 / count);
    }
}
