package dev.sesame.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.Cluster;
import dev.sesame.testing.SesameProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mesh formation and broadcast latency with real processes on loopback (issue "The mesh").
 * Run with {@code scripts/measure MeshFigures [sizes...]} (default 3 6 10); prints a table.
 *
 * <ul>
 *   <li>full mesh: one listener and n-1 others that dial only it, all started together; from the
 *       last node's {@code ready} to the last {@code peer_up} anywhere (node timestamps).</li>
 *   <li>broadcast latency, cover traffic off: every node sends 20 messages; for each receiver,
 *       its {@code message} timestamp minus the sender's {@code sent} timestamp (one clock).</li>
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

    private static List<Long> broadcast(Cluster cluster) {
        Map<String, Long> sentAt = new HashMap<>();
        for (int round = 0; round < MESSAGES_PER_NODE; round++) {
            for (int i = 0; i < cluster.size(); i++) cluster.get(i).send("m " + i + " " + round);
        }
        int expected = MESSAGES_PER_NODE * (cluster.size() - 1);
        List<Long> latencies = new ArrayList<>();
        for (SesameProcess node : cluster.nodes()) {
            for (JsonNode sent : node.awaitCount(e -> "sent".equals(e.path("event").asText()), MESSAGES_PER_NODE,
                    Duration.ofSeconds(60))) {
                sentAt.put(sent.path("id").asText(), sent.path("ts").asLong());
            }
        }
        for (SesameProcess node : cluster.nodes()) {
            for (JsonNode message : node.awaitCount(e -> "message".equals(e.path("event").asText()), expected,
                    Duration.ofSeconds(60))) {
                latencies.add(message.path("ts").asLong() - sentAt.get(message.path("id").asText()));
            }
        }
        return latencies;
    }
}
