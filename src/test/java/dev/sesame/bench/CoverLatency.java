package dev.sesame.bench;

import dev.sesame.testing.SesameProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What cover traffic costs in latency: two real headless nodes on 127.0.0.1, one line typed at
 * a time into bob, timed until alice prints it, with {@code --cover on} and {@code --cover off}.
 * The time includes both processes' stdin/stdout handling, the same in both modes. Lines are
 * typed at random moments (50-250 ms apart, one in flight at a time), so they fall on every
 * phase of the cover tick. Prints a Markdown table. Not a test: run {@code scripts/cover-latency}.
 *
 * <p>Expected with cover on: the wait for the next tick, uniform over one interval (100 ms by
 * default: about +50 ms at p50 and +100 ms at the top), plus one tick per extra cell of a long
 * message. With cover off: TLS and the ratchet only.
 */
public final class CoverLatency {
    private CoverLatency() {}

    public static void main(String[] args) {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        List<String[]> rows = new ArrayList<>();
        for (String cover : new String[] {"on", "off"}) {
            List<Double> millis = run(cover, messages);
            rows.add(new String[] {cover, Integer.toString(millis.size()), fmt(percentile(millis, 50)),
                    fmt(percentile(millis, 90)), fmt(percentile(millis, 99)), fmt(millis.getLast())});
        }
        System.out.println();
        System.out.println("| cover | messages | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("|-------|---------:|-------:|-------:|-------:|-------:|");
        for (String[] r : rows) System.out.printf("| %s | %s | %s | %s | %s | %s |%n", (Object[]) r);
        System.out.println();
        System.out.println("cover interval 100 ms (default), one 1-cell message in flight at a time, 127.0.0.1, "
                + Runtime.getRuntime().availableProcessors() + " cores");
    }

    private static List<Double> run(String cover, int messages) {
        String phrase = "latency bench " + cover;
        List<Double> millis = new ArrayList<>();
        Random random = new Random(1);
        try (SesameProcess alice = SesameProcess.start("alice", phrase, "--bind", "127.0.0.1", "--cover", cover);
             SesameProcess bob = SesameProcess.start("bob", phrase, "--bind", "127.0.0.1", "--cover", cover,
                     "--peer", alice.address())) {
            alice.await("peer_up", e -> e.path("peer_id").asText().equals(bob.peerId()));
            bob.await("peer_up", e -> e.path("peer_id").asText().equals(alice.peerId()));
            for (int i = -5; i < messages; i++) { // five warm-up lines, not counted
                String text = "line " + i + " " + Long.toHexString(random.nextLong());
                int mark = alice.mark();
                long start = System.nanoTime();
                bob.send(text);
                alice.awaitSince(mark, e -> e.path("event").asText().equals("message")
                        && e.path("text").asText().equals(text), Duration.ofSeconds(30));
                if (i >= 0) millis.add((System.nanoTime() - start) / 1e6);
                pause(50 + random.nextInt(200));
            }
        }
        millis.sort(Double::compare);
        System.out.printf("cover %s: %d lines%n", cover, millis.size());
        return millis;
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String fmt(double ms) {
        return String.format("%.1f", ms);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
