package dev.sesame.bench.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The performance report (README "Performance"): real headless nodes on 127.0.0.1 started
 * through {@code ./sesame}, and the raw TLS and in-JVM link floors measured in the same run.
 * Prints a Markdown table and writes {@code bench-results/report.md} and
 * {@code bench-results/report.png}. Run with {@code scripts/bench-report [quick]}. Not a test:
 * nothing here asserts a time.
 */
public final class BenchReport {
    static final int[] SIZES = {100, 400, 1500, 6000};
    final boolean quick;
    final Results r = new Results();
    private final Random random = new Random(1);

    private BenchReport(boolean quick) {
        this.quick = quick;
    }

    public static void main(String[] args) throws Exception {
        BenchReport report = new BenchReport(args.length > 0 && args[0].equals("quick"));
        if (args.length > 0 && args[0].equals("lone")) {
            report.lone(); // only the lone-message figures, for before/after runs with -Dbench.sesame=PATH
            return;
        }
        if (args.length > 0 && args[0].equals("link")) {
            report.link(); // only the in-JVM link beside the raw TLS floor, for before/after runs of the link and crypto code
            return;
        }
        if (args.length > 0 && args[0].equals("burst")) {
            report.burst(); // only the 100 B burst, cold and warmed (-Dbench.count, -Dbench.warmup; -Dbench.jvm=... for experiments)
            return;
        }
        report.run();
    }

    private void run() throws Exception {
        log("floors (in this JVM)");
        try (Floors floors = new Floors()) {
            r.tlsOneHop = floors.tlsOneHopMillis(2000, quick ? 500 : 2000);
            for (int size : SIZES) r.tlsRate.put(size, floors.tlsMessagesPerSecond(size, quick ? 20_000 : 100_000));
            // Warm-up: after 5,000 messages one run measured 14,500 msgs/s, the next 26,000 and the third
            // 35,000, the same on the builds before and after platform link threads; the JIT, not the link.
            for (int i = 0; i < (quick ? 1 : 2); i++) floors.linkMessagesPerSecond(100, 40_000);
            r.linkRate = floors.linkMessagesPerSecond(100, quick ? 10_000 : 40_000);
        }
        log("start-up and link set-up");
        startUp(quick ? 3 : 7);
        log("latency, cover off");
        latency("off", quick ? 100 : 400, quick ? 100 : 500, false);
        log("latency, cover on");
        // 300 lines: the wait for the next tick is uniform over 0-100 ms, so 150 left the median
        // about 3 ms either way from one run to the next (48.4 and 56.8 ms on the same build).
        latency("on", 10, quick ? 40 : 300, true);
        log("throughput");
        throughput();
        log("mesh");
        for (int n : new int[] {3, 6, 10}) {
            try {
                mesh(n);
            } catch (IllegalStateException e) { // on a machine this busy a node may not even start in time
                log("mesh of " + n + " not measured: " + e.getMessage());
            }
        }
        String table = Tables.markdown(r);
        System.out.println(table);
        Path dir = Path.of("bench-results");
        Files.createDirectories(dir);
        String machine = Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + Runtime.version() + ", load average at the end "
                + Files.readString(Path.of("/proc/loadavg")).trim();
        Files.writeString(dir.resolve("report.md"), "Measured " + Instant.now() + " on " + machine + "\n\n" + table);
        Charts.write(r, dir.resolve("report.png"), machine);
        System.out.println("machine: " + machine);
        System.out.println("wrote bench-results/report.md and bench-results/report.png");
    }

    private static final String PHRASE = "bench report phrase";

    private void startUp(int runs) {
        for (int i = 0; i < runs; i++) {
            try (BenchNode listener = BenchNode.start(PHRASE, "--cover", "off")) {
                BenchNode.Event ready = listener.await("ready");
                r.startToReady.add((ready.nanos() - listener.startedNanos) / 1e6);
                try (BenchNode dialer = BenchNode.start(PHRASE, "--cover", "off", "--peer", listener.listen())) {
                    BenchNode.Event dialing = dialer.await("ready"); // it dials right after ready
                    long up = Math.max(dialer.await("peer_up").nanos(), listener.await("peer_up").nanos());
                    r.linkSetUp.add((up - dialing.nanos()) / 1e6);
                }
            }
        }
    }

    private void lone() throws Exception {
        latency("off", 400, 500, false);
        System.out.printf("launcher %s: one hop p50 %.3f ms, p99 %.3f ms; stdin to sent p50 %.3f ms; CPU per lone message and receipt, per side %.3f ms%n",
                BenchNode.launcher(), Tables.percentile(r.oneHopCoverOff, 50), Tables.percentile(r.oneHopCoverOff, 99),
                Tables.percentile(r.stdinToSent, 50), r.cpuPerLoneMessageMillis);
    }

    private void link() throws Exception {
        try (Floors floors = new Floors()) {
            floors.tlsMessagesPerSecond(100, 100_000); // warm-up: the full report measures the floor after its one-hop runs
            double tls = floors.tlsMessagesPerSecond(100, 100_000);
            for (int i = 0; i < 2; i++) floors.linkMessagesPerSecond(100, 40_000); // warm-up, as the full report
            double link = floors.linkMessagesPerSecond(100, 40_000);
            System.out.printf("in-JVM link, 100 B: %,.0f msgs/s; raw TLS floor %,.0f msgs/s; ratio %.2f%n", link, tls, link / tls);
        }
    }

    private void burst() throws Exception {
        try (BenchNode a = BenchNode.start(PHRASE, "--cover", "off");
             BenchNode b = BenchNode.start(PHRASE, "--cover", "off", "--peer", waitListen(a))) {
            a.await("peer_up");
            b.await("peer_up");
            int count = Integer.getInteger("bench.count", 5_000); // the full report: 20,000
            int warmUp = Integer.getInteger("bench.warmup", 20_000); // the full report: 60,000
            Results.Burst cold = Bursts.run(a, b, 100, count, null);
            Results.Burst warmed = Bursts.run(a, b, 100, count, null, warmUp);
            System.out.printf("launcher %s: 100 B burst of %,d cold: %s; warmed (%,d more lines first): %s%n",
                    BenchNode.launcher(), count, cold, warmUp, warmed);
        }
    }

    /** One line at a time from a's stdin to b's {@code message} event; a's {@code sent} on the way. */
    private void latency(String cover, int warmUp, int count, boolean randomGaps) throws Exception {
        try (BenchNode a = BenchNode.start(PHRASE, "--cover", cover);
             BenchNode b = BenchNode.start(PHRASE, "--cover", cover, "--peer", waitListen(a))) {
            a.await("peer_up");
            b.await("peer_up");
            List<Double> oneHop = new ArrayList<>();
            long cpuBefore = 0;
            for (int i = -warmUp; i < count; i++) {
                if (i == 0) cpuBefore = a.cpuMillis() + b.cpuMillis();
                String text = "line " + cover + " " + i;
                int mark = a.mark();
                long start = System.nanoTime();
                a.send(text);
                BenchNode.Event sent = a.await("sent", j -> true, 30_000);
                BenchNode.Event got = b.await("message", j -> j.path("text").asText().equals(text), 30_000);
                String id = sent.json().path("id").asText();
                a.awaitSince(mark, "delivered", j -> j.path("id").asText().equals(id), 30_000);
                if (i >= 0) {
                    oneHop.add((got.nanos() - start) / 1e6);
                    if (!randomGaps) r.stdinToSent.add((sent.nanos() - start) / 1e6);
                }
                // The pace of the lines, not a synchronisation. 30 ms, more than the receipts' spacing
                // (Limits.RECEIPT_SPACING): each line comes after a pause, as a person's would; with 5 ms
                // the figures depended on the spacing and on how recently the threads had run.
                Thread.sleep(randomGaps ? 20 + random.nextInt(200) : Integer.getInteger("bench.gap", 30));
            }
            if (randomGaps) {
                r.oneHopCoverOn = oneHop;
                long idleBefore = a.cpuMillis() + b.cpuMillis();
                Thread.sleep(quick ? 5_000 : 15_000);
                r.idleCoverOnPercentPerLink = (a.cpuMillis() + b.cpuMillis() - idleBefore) / 2.0 / (quick ? 50.0 : 150.0);
            } else {
                r.oneHopCoverOff = oneHop;
                // both processes, over each message and its receipt; the pauses are idle time (cover off)
                r.cpuPerLoneMessageMillis = (a.cpuMillis() + b.cpuMillis() - cpuBefore) / 2.0 / count;
                r.rssIdleMib = Math.max(a.rssMib(), b.rssMib());
            }
        }
    }

    private static String waitListen(BenchNode node) {
        node.await("ready");
        return node.listen();
    }

    /** A burst of lines written into a's stdin as fast as the pipe takes them (headless back-pressure paces it). */
    private void throughput() throws Exception {
        for (int size : SIZES) {
            int count = size <= 100 ? (quick ? 5_000 : 20_000) : (quick ? 2_000 : 5_000);
            try (BenchNode a = BenchNode.start(PHRASE, "--cover", "off");
                 BenchNode b = BenchNode.start(PHRASE, "--cover", "off", "--peer", waitListen(a))) {
                a.await("peer_up");
                b.await("peer_up");
                List<double[]> rss = new ArrayList<>();
                Results.Burst burst = Bursts.run(a, b, size, count, size == 100 ? rss : null);
                r.bursts.put(size, burst);
                if (size == 100) r.rssOverBurst = rss;
                log(burst.toString());
                if (size == 100) {
                    // The same nodes once the JIT is done: on 2 cores C2 compiles through the first tens of
                    // thousands of messages (JFR: its thread used as much CPU as the link threads).
                    r.warmedWarmUp = quick ? 20_000 : 60_000;
                    r.warmedBurst = Bursts.run(a, b, size, count, null, r.warmedWarmUp);
                    log("warmed: " + r.warmedBurst);
                }
            }
        }
    }

    /** n nodes started together, each dialling only the first; from the last ready to a full mesh. */
    private void mesh(int n) throws Exception {
        List<BenchNode> nodes = new ArrayList<>();
        try {
            nodes.add(BenchNode.start(PHRASE, "--cover", "off", "--max-links-per-address", "64"));
            String hub = waitListen(nodes.getFirst());
            for (int i = 1; i < n; i++) nodes.add(BenchNode.start(PHRASE, "--cover", "off", "--max-links-per-address", "64", "--peer", hub));
            long lastReady = 0;
            for (BenchNode node : nodes) lastReady = Math.max(lastReady, node.awaitSince(0, "ready", j -> true, 300_000).nanos());
            long lastUp = 0;
            for (BenchNode node : nodes) {
                Set<String> peers = new HashSet<>();
                node.seen().stream().filter(e -> e.type().equals("peer_up")).forEach(e -> peers.add(e.json().path("peer_id").asText()));
                while (peers.size() < n - 1) peers.add(node.await("peer_up", j -> true, 300_000).json().path("peer_id").asText());
                long up = node.seen().stream().filter(e -> e.type().equals("peer_up")).mapToLong(BenchNode.Event::nanos).max().orElseThrow();
                lastUp = Math.max(lastUp, up);
            }
            r.fullMesh.put(n, (lastUp - lastReady) / 1e6);
            if (n == 6) {
                Thread.sleep(3_000);
                r.rssIdleFewPeersMib = nodes.stream().mapToDouble(BenchNode::rssMib).max().orElse(-1);
            }
        } finally {
            nodes.forEach(BenchNode::close);
        }
    }

    static void log(String what) {
        System.err.println("[bench-report " + Instant.now() + "] " + what);
    }

    /** Everything measured, for the table and the charts. */
    static final class Results {
        record Burst(int size, int sent, int received, long undelivered, double perSecond, double cpuMicrosSender,
                     double cpuMicrosReceiver) {}

        List<Double> tlsOneHop = new ArrayList<>();
        Map<Integer, Double> tlsRate = new LinkedHashMap<>();
        double linkRate;
        List<Double> startToReady = new ArrayList<>();
        List<Double> linkSetUp = new ArrayList<>();
        List<Double> oneHopCoverOff = new ArrayList<>();
        List<Double> oneHopCoverOn = new ArrayList<>();
        List<Double> stdinToSent = new ArrayList<>();
        double cpuPerLoneMessageMillis;
        double idleCoverOnPercentPerLink;
        double rssIdleMib;
        double rssIdleFewPeersMib;
        Map<Integer, Burst> bursts = new LinkedHashMap<>();
        /** The 100 B burst again on the same two nodes, after {@link #warmedWarmUp} more lines. */
        Burst warmedBurst;
        int warmedWarmUp;
        List<double[]> rssOverBurst = new ArrayList<>();
        Map<Integer, Double> fullMesh = new LinkedHashMap<>();
    }
}
