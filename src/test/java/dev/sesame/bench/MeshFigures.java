package dev.sesame.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.Cluster;
import dev.sesame.testing.SesameProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Mesh formation and broadcast latency with real processes on loopback (issue "The mesh").
 * Run with {@code scripts/measure MeshFigures [sizes...]} (default 3 6 10); prints a table.
 *
 * <ul>
 *   <li>full mesh: one listener and n-1 others that dial only it, all started together; from the
 *       last node's {@code ready} to the last {@code peer_up} anywhere (node timestamps).</li>
 *   <li>broadcast latency, cover traffic off: every node in turn sends one line, 20 rounds; for
 *       each receiver, from writing the line into the sender's stdin (this JVM's wall clock) to the
 *       {@code ts} of the receiver's {@code message} event (the same machine clock).</li>
 * </ul>
 */
public final class MeshFigures {
    private static final int MESSAGES_PER_NODE = 20;

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {3, 6, 10} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        List<String> rows = new ArrayList<>();
        for (int n : sizes) {
            try (Cluster cluster = new Cluster()) {
                int hubPort = Cluster.freePort();
                cluster.startTogether(n, i -> i == 0
                        ? new String[] {"--cover", "off", "--port", Integer.toString(hubPort), "--max-links-per-address", "64"}
                        : new String[] {"--cover", "off", "--peer", "127.0.0.1:" + hubPort, "--max-links-per-address", "64"});
                cluster.awaitFullMesh(Duration.ofSeconds(120));
                long lastReady = cluster.nodes().stream().mapToLong(p -> p.ready().path("ts").asLong()).max().orElseThrow();
                long lastUp = cluster.nodes().stream().flatMap(p -> p.events("peer_up").stream())
                        .mapToLong(e -> e.path("ts").asLong()).max().orElseThrow();
                rows.add(Figures.row("full mesh of " + n + " (last ready -> last peer_up)", List.of(lastUp - lastReady)));
                rows.add(Figures.row("broadcast latency, " + n + " nodes, cover off", broadcast(cluster)));
            }
            System.err.printf("%d nodes done%n", n);
        }
        System.out.println(Figures.header());
        rows.forEach(System.out::println);
    }

    /**
     * One broadcast at a time (so that the figure is latency, not the queue of a burst): the
     * time from writing the line into the sender's stdin to each receiver printing it, both
     * read off this JVM's clock as the lines go in and come out.
     */
    private static List<Long> broadcast(Cluster cluster) {
        List<Long> latencies = new ArrayList<>();
        for (int round = 0; round < MESSAGES_PER_NODE; round++) {
            for (int i = 0; i < cluster.size(); i++) {
                String text = "m " + i + " " + round;
                List<Integer> marks = cluster.nodes().stream().map(SesameProcess::mark).toList();
                long sentAt = System.currentTimeMillis();
                cluster.get(i).send(text);
                for (int j = 0; j < cluster.size(); j++) {
                    if (j == i) continue;
                    JsonNode received = cluster.get(j).awaitSince(marks.get(j), e -> "message".equals(e.path("event").asText())
                            && text.equals(e.path("text").asText()), Duration.ofSeconds(30));
                    latencies.add(received.path("ts").asLong() - sentAt); // the receiver's own timestamp, same clock
                }
            }
        }
        return latencies;
    }
}
