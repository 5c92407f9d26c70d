package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.Cluster;
import dev.sesame.testing.SesameProcess;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The mesh with real processes on 127.0.0.1. */
class MeshIT {
    private static final Duration MESH_WAIT = Duration.ofSeconds(60);

    private static boolean is(JsonNode e, String event) {
        return event.equals(e.path("event").asText());
    }

    @Test
    void aStarOfSixBecomesAFullMeshThatStaysPutAndDeliversEveryMessageExactlyOnce() throws Exception {
        try (Cluster cluster = new Cluster()) {
            SesameProcess hub = cluster.add("hub", "--cover", "off");
            for (int i = 1; i <= 5; i++) cluster.add("spoke" + i, "--cover", "off", "--peer", hub.address());
            cluster.awaitFullMesh(MESH_WAIT);
            List<Integer> marks = cluster.nodes().stream().map(SesameProcess::mark).toList();

            // Broadcast from each node reaches every other node exactly once, with receipts.
            for (int i = 0; i < cluster.size(); i++) cluster.get(i).send("broadcast from " + i);
            for (int i = 0; i < cluster.size(); i++) {
                String text = "broadcast from " + i;
                JsonNode sent = cluster.get(i).await("sent", e -> e.path("text").asText().equals(text));
                assertThat(sent.path("to")).hasSize(5);
                cluster.get(i).awaitCount(e -> is(e, "delivered") && e.path("id").asText().equals(sent.path("id").asText()),
                        5, MESH_WAIT);
                for (int j = 0; j < cluster.size(); j++) {
                    if (j == i) continue;
                    cluster.get(j).await("message", e -> e.path("text").asText().equals(text));
                }
            }
            for (SesameProcess node : cluster.nodes()) {
                Set<String> texts = new HashSet<>();
                for (JsonNode m : node.events("message")) {
                    assertThat(texts.add(m.path("text").asText())).as("shown once: %s", m).isTrue();
                }
                assertThat(texts).hasSize(5);
            }

            // A private message reaches its target only.
            SesameProcess target = cluster.get(3);
            String prefix = target.ready().path("fingerprint").asText().replace(" ", "").substring(0, 6);
            cluster.get(1).send("/msg " + prefix + " for three only");
            JsonNode whisper = target.await("message", e -> e.path("text").asText().equals("for three only"));
            assertThat(whisper.path("private").asBoolean()).isTrue();
            JsonNode sent = cluster.get(1).await("sent", e -> e.path("text").asText().equals("for three only"));
            assertThat(sent.path("private").asBoolean()).isTrue();
            assertThat(sent.path("to")).hasSize(1);
            cluster.get(1).await("delivered", e -> e.path("id").asText().equals(sent.path("id").asText()));
            for (int j = 0; j < cluster.size(); j++) {
                if (j == 3) continue;
                assertThat(cluster.get(j).events("message").stream().map(m -> m.path("text").asText()))
                        .doesNotContain("for three only");
            }

            // An unknown target is an error that lists who is there.
            int mark = cluster.get(1).mark();
            cluster.get(1).send("/msg nobody-by-that-name hi");
            JsonNode error = cluster.get(1).awaitSince(mark, e -> is(e, "error"), Duration.ofSeconds(10));
            assertThat(error.path("message").asText()).contains("no linked peer matches");

            // The mesh stayed put: one link per pair, no peer went down or came up again.
            for (int i = 0; i < cluster.size(); i++) {
                SesameProcess node = cluster.get(i);
                assertThat(Cluster.linkedPeers(node)).hasSize(5);
                assertThat(node.events("peer_down")).isEmpty();
                assertThat(node.events("peer_up")).hasSize(5);
                int since = marks.get(i);
                assertThat(node.events().subList(since, node.events().size()).stream().filter(e -> is(e, "duplicate")))
                        .isEmpty();
            }
        }
    }

    @Test
    void nodesThatAllDialEachOtherAtOnceKeepExactlyOneLinkPerPair() throws Exception {
        int count = 5;
        List<Integer> ports = IntStream.range(0, count).mapToObj(i -> Cluster.freePort()).toList();
        try (Cluster cluster = new Cluster()) {
            cluster.startTogether(count, i -> {
                List<String> args = new java.util.ArrayList<>(List.of("--port", ports.get(i).toString(), "--cover", "off"));
                for (int j = 0; j < count; j++) {
                    if (j != i) args.addAll(List.of("--peer", "127.0.0.1:" + ports.get(j)));
                }
                return args.toArray(String[]::new);
            });
            cluster.awaitFullMesh(MESH_WAIT);
            List<Integer> formed = cluster.nodes().stream().map(SesameProcess::mark).toList();
            // Handshakes already in flight when the mesh formed may still finish and be resolved as
            // duplicates (one link closed, the peer stays up); give them the first 10 s. Then the
            // mesh must be perfectly still for 20 s. These windows are the property under test.
            Thread.sleep(Duration.ofSeconds(10));
            List<Integer> settled = cluster.nodes().stream().map(SesameProcess::mark).toList();
            Thread.sleep(Duration.ofSeconds(20));
            for (int i = 0; i < count; i++) {
                SesameProcess node = cluster.get(i);
                Set<String> others = cluster.nodes().stream().filter(n -> n != node).map(SesameProcess::peerId)
                        .collect(Collectors.toSet());
                assertThat(Cluster.linkedPeers(node)).isEqualTo(others);
                int mark = node.mark();
                node.send("/stats");
                JsonNode stats = node.awaitSince(mark, e -> is(e, "stats"), Duration.ofSeconds(10));
                assertThat(stats.path("links").asInt()).as("links open at node %d", i).isEqualTo(count - 1);
                assertThat(node.events("peer_down")).as("node %d", i).isEmpty();
                assertThat(node.events("peer_up")).as("node %d", i).hasSize(count - 1);
                List<JsonNode> afterForming = node.events().subList(formed.get(i), node.events().size());
                assertThat(afterForming.stream().filter(e -> is(e, "peer_up") || is(e, "rejected")))
                        .as("node %d after the mesh formed", i).isEmpty();
                List<JsonNode> afterSettling = node.events().subList(settled.get(i), node.events().size());
                assertThat(afterSettling.stream().filter(e -> is(e, "duplicate")))
                        .as("node %d once settled", i).isEmpty();
            }
        }
    }
}
