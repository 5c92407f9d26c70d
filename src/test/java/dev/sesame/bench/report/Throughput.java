package dev.sesame.bench.report;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Throughput on one link, headless, on its own (issue 13): two real nodes through the launcher,
 * cover off, a burst of lines into a's stdin, messages/s at b's stdout, {@code undelivered} at a,
 * and CPU per message on each side. A few runs back to back, with the load average before and
 * after, so that before/after figures can be taken in the same window.
 *
 * <p>{@code scripts/measure report.Throughput [count] [size] [runs]} (default 20000 100 3).
 * {@code -Dbench.sesame=PATH} runs another launcher (another build); {@code -Dbench.jfr=DIR}
 * records each node with JFR, and {@code -Dbench.jvm="OPTIONS"} adds JVM options to each node,
 * for experiments (see {@link BenchNode}). Not a test: nothing asserts a time.
 */
public final class Throughput {
    private Throughput() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.println("launcher " + BenchNode.launcher() + "; load average before: " + load());
        for (int run = 1; run <= runs; run++) {
            try (BenchNode a = BenchNode.start("throughput phrase", "--cover", "off");
                 BenchNode b = BenchNode.start("throughput phrase", "--cover", "off", "--peer", listen(a))) {
                a.await("peer_up");
                b.await("peer_up");
                BenchReport.Results.Burst burst = Bursts.run(a, b, size, count, null);
                System.out.printf("run %d: %d x %d B: %.0f msgs/s, %d received, %d undelivered, CPU per message %.0f us sender / %.0f us receiver%n",
                        run, count, size, burst.perSecond(), burst.received(), burst.undelivered(), burst.cpuMicrosSender(),
                        burst.cpuMicrosReceiver());
            }
        }
        System.out.println("load average after: " + load());
    }

    private static String listen(BenchNode node) {
        node.await("ready");
        return node.listen();
    }

    private static String load() throws java.io.IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
