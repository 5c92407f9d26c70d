package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.Cluster;
import dev.sesame.testing.SesameProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Nodes dying, restarting and leaving, with real processes. */
class ResilienceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aKilledNodeIsSeenDownTheRestChatOnAndItRejoinsAfterARestartOnTheSamePort() {
        int port = Cluster.freePort();
        try (Cluster cluster = new Cluster()) {
            SesameProcess a = cluster.add("a", "--cover", "off", "--delivery-timeout", "8");
            SesameProcess b = cluster.add("b", "--cover", "off", "--delivery-timeout", "8", "--peer", a.address());
            SesameProcess c = cluster.add("c", "--cover", "off", "--port", Integer.toString(port), "--peer", a.address());
            cluster.awaitFullMesh(WAIT);
            String oldC = c.peerId();

            c.kill();
            a.await("peer_down", e -> e.path("peer_id").asText().equals(oldC));
            b.await("peer_down", e -> e.path("peer_id").asText().equals(oldC));

            // The others keep chatting, and nothing is lost between them.
            a.send("while c is away");
            JsonNode sent = a.await("sent", e -> e.path("text").asText().equals("while c is away"));
            b.await("message", e -> e.path("text").asText().equals("while c is away"));
            a.await("delivered", e -> e.path("id").asText().equals(sent.path("id").asText())
                    && e.path("to").asText().equals(b.peerId()));
            // A peer that is down is not a recipient of new messages (issue 11): "sent" says who
            // it is queued for, and the dead node is not among them, so nothing waits for it.
            assertThat(sent.path("to").toString()).contains(b.peerId()).doesNotContain(oldC);

            // Restarted on the same port, it rejoins (a new identity: a new peer id).
            SesameProcess c2 = cluster.add("c2", "--cover", "off", "--port", Integer.toString(port), "--peer", a.address());
            String newC = c2.peerId();
            assertThat(newC).isNotEqualTo(oldC);
            a.await("peer_up", e -> e.path("peer_id").asText().equals(newC));
            b.await("peer_up", e -> e.path("peer_id").asText().equals(newC));
            c2.await("peer_up", e -> e.path("peer_id").asText().equals(b.peerId()));
            b.send("welcome back");
            c2.await("message", e -> e.path("text").asText().equals("welcome back"));
        }
    }

    @Test
    void whoeverSaysGoodbyeIsNeverDialledAgain() throws Exception {
        int port = Cluster.freePort();
        try (Cluster cluster = new Cluster()) {
            SesameProcess leaver = cluster.add("leaver", "--cover", "off", "--port", Integer.toString(port));
            SesameProcess b = cluster.add("b", "--cover", "off", "--peer", leaver.address());
            SesameProcess c = cluster.add("c", "--cover", "off", "--peer", leaver.address());
            cluster.awaitFullMesh(WAIT);
            // Every link must still be up when the leaver says goodbye (no one went down meanwhile).
            assertThat(b.events("peer_down")).as("b before the goodbye; leaver: %s", leaver.events()).isEmpty();
            assertThat(c.events("peer_down")).as("c before the goodbye; leaver: %s", leaver.events()).isEmpty();

            leaver.send("/quit");
            assertThat(leaver.awaitExit(Duration.ofSeconds(10))).isZero();
            try {
                b.await("peer_down", e -> e.path("reason").asText().equals("goodbye"));
                c.await("peer_down", e -> e.path("reason").asText().equals("goodbye"));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nleaver's events: " + leaver.events(), e);
            }

            // Something else listens on the leaver's port now: nobody may knock on it.
            AtomicInteger knocks = new AtomicInteger();
            try (ServerSocket trap = new ServerSocket()) {
                trap.setReuseAddress(true);
                trap.bind(new InetSocketAddress("127.0.0.1", port));
                trap.setSoTimeout(200);
                long end = System.nanoTime() + Duration.ofSeconds(10).toNanos(); // past several backoff rounds
                while (System.nanoTime() < end) {
                    try (Socket knock = trap.accept()) {
                        knocks.incrementAndGet();
                    } catch (SocketTimeoutException quiet) {
                        // nobody this time
                    }
                }
            }
            assertThat(knocks.get()).isZero();
            // The two who stayed are still linked to each other.
            assertThat(Cluster.linkedPeers(b)).containsExactly(c.peerId());
            b.send("still here");
            c.await("message", e -> e.path("text").asText().equals("still here"));
        }
    }

    @Test
    void whenEveryoneListsEveryoneAnyNodeMayRestartAndTheMeshHeals() {
        int count = 3;
        int[] ports = {Cluster.freePort(), Cluster.freePort(), Cluster.freePort()};
        try (Cluster cluster = new Cluster()) {
            cluster.startTogether(count, i -> everyoneElse(ports, i));
            cluster.awaitFullMesh(WAIT);
            for (int victim = 0; victim < count; victim++) {
                SesameProcess old = cluster.get(victim);
                old.kill();
                SesameProcess fresh = SesameProcess.start("restarted" + victim, Cluster.PHRASE, everyoneElse(ports, victim));
                cluster.nodes().set(victim, fresh);
                cluster.awaitFullMesh(WAIT);
                old.close();
            }
            cluster.get(0).send("healed");
            cluster.get(1).await("message", e -> e.path("text").asText().equals("healed"));
            cluster.get(2).await("message", e -> e.path("text").asText().equals("healed"));
        }
    }

    private static String[] everyoneElse(int[] ports, int self) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--port", Integer.toString(ports[self]),
                "--cover", "off"));
        for (int j = 0; j < ports.length; j++) {
            if (j != self) args.addAll(java.util.List.of("--peer", "127.0.0.1:" + ports[j]));
        }
        return args.toArray(String[]::new);
    }
}
