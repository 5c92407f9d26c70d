package dev.sesame.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.RelayProcess;
import dev.sesame.testing.SesameProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Alice and Bob reach each other and link directly; Carol accepts no connections and, at first,
 * cannot reach them either (a firewall: an iptables rule on loopback that rejects Carol's user,
 * nobody, towards their ports), so she links to both through the relay. When the rule for
 * Alice's port goes, Carol's background direct dials get through: the pair moves to a direct
 * link and its pipe closes at the relay, without Alice ever going down for Carol. No pair keeps
 * two links: the relay ends up holding exactly one pipe (Carol–Bob) and no pipe comes back, each
 * node holds exactly one link per peer ({@code /stats}), and the duplicate was resolved for the
 * direct link. The move is bounded by the backoff of Carol's direct redials (at most
 * {@code Limits.BACKOFF_MAX}, 60 s), well inside the wait.
 */
class RelayMixedIT {
    private static final String PHRASE = "mixed direct and relayed phrase";
    private static final Pattern PIPES = Pattern.compile(" (\\d+) pipes ");

    @Test
    void directPairsStayDirectARelayedPairMovesToDirectWhenReachableAndNoPairKeepsTwoLinks() throws Exception {
        assumeTrue(onPath("iptables") && onPath("setpriv") && "root".equals(System.getProperty("user.name")),
                "needs root, iptables and setpriv to stand in for a firewall on loopback");
        List<List<String>> rules = new ArrayList<>();
        try (RelayProcess relay = RelayProcess.start(0);
             SesameProcess alice = SesameProcess.start("alice", PHRASE, "--bind", "127.0.0.1", "--relay", relay.pinned(),
                     "--room", "mixed", "--display-name", "alice")) {
            int alicePort = alice.port();
            try (SesameProcess bob = SesameProcess.start("bob", PHRASE, "--bind", "127.0.0.1", "--peer", "127.0.0.1:" + alicePort,
                    "--relay", relay.pinned(), "--room", "mixed", "--display-name", "bob")) {
                int bobPort = bob.port();
                for (int port : List.of(alicePort, bobPort)) {
                    List<String> rule = List.of("OUTPUT", "-o", "lo", "-p", "tcp", "--dport", Integer.toString(port), "-m", "owner",
                            "--uid-owner", "65534", "-j", "REJECT", "--reject-with", "tcp-reset");
                    iptables("-I", rule);
                    rules.add(rule);
                }
                Await.event(alice, "peer_up", e -> e.path("via").asText().equals("direct"));
                Await.event(bob, "peer_up", e -> e.path("via").asText().equals("direct"));
                try (SesameProcess carol = SesameProcess.startRaw("carol", carolCommand(relay))) {
                    Await.event(carol, "peer_up", e -> e.path("name").asText().equals("alice") && e.path("via").asText().equals("relay"));
                    Await.event(carol, "peer_up", e -> e.path("name").asText().equals("bob") && e.path("via").asText().equals("relay"));
                    Await.event(alice, "peer_up", e -> e.path("via").asText().equals("relay"));
                    relay.await(l -> l.contains(" 2 pipes (0 pending)"), Await.LONG);

                    int aliceMark = alice.mark();
                    int carolMark = carol.mark();
                    iptables("-D", rules.removeFirst()); // Alice's port opens for Carol
                    String moved = relay.await(l -> l.contains(" 1 pipes (0 pending)") && l.contains(" 3 members"), Await.LONG);
                    // Whichever of the two adopted the direct link first found the relayed one still
                    // open and retired it: direct beats relay (docs/PROTOCOL.md §12).
                    awaitDirectKept(alice, aliceMark, carol, carolMark);
                    carol.send("/msg alice over the direct link now");
                    Await.message(alice, "over the direct link now");
                    // One link per pair: each node holds exactly as many links as it has peers, the
                    // retired relayed link included until it is closed.
                    for (SesameProcess node : List.of(alice, bob, carol)) awaitLinks(node, 2);
                    assertThat(carol.events("peer_down")).as("the move to direct never takes Alice down for Carol").isEmpty();
                    assertThat(alice.events("peer_down")).isEmpty();
                    assertThat(bob.events("peer_down")).isEmpty();
                    assertThat(carol.events("peer_up")).hasSize(2);
                    List<String> lines = relay.lines();
                    int movedAt = lines.indexOf(moved);
                    for (int i = 0; i < lines.size(); i++) {
                        Matcher m = PIPES.matcher(lines.get(i));
                        if (!m.find()) continue;
                        // Two members may dial each other through the relay at once (presence and a
                        // PEERS entry): for a moment a third pipe, whose duplicate closes at once.
                        // After the move no pipe ever comes back for Carol and Alice.
                        int most = i < movedAt ? 3 : 1;
                        assertThat(Integer.parseInt(m.group(1))).as(lines.get(i)).isLessThanOrEqualTo(most);
                    }
                }
            }
        } finally {
            for (List<String> rule : rules) iptables("-D", rule);
        }
    }

    /**
     * Waits until Alice or Carol (from their marks on) reports a duplicate link with the other one
     * resolved in favour of a direct link.
     */
    private static void awaitDirectKept(SesameProcess alice, int aliceMark, SesameProcess carol, int carolMark)
            throws InterruptedException {
        long deadline = System.nanoTime() + Await.LONG.toNanos();
        while (System.nanoTime() < deadline) {
            if (keptDirect(alice, aliceMark, carol.peerId()) || keptDirect(carol, carolMark, alice.peerId())) return;
            Thread.sleep(200);
        }
        throw new AssertionError("no duplicate kept a direct link between Alice and Carol; Alice: " + alice.events("duplicate")
                + ", Carol: " + carol.events("duplicate"));
    }

    private static boolean keptDirect(SesameProcess node, int mark, String peerId) {
        List<JsonNode> all = node.events();
        return all.subList(Math.min(mark, all.size()), all.size()).stream()
                .anyMatch(e -> e.path("event").asText().equals("duplicate") && e.path("peer_id").asText().equals(peerId)
                        && e.path("via").asText().equals("direct"));
    }

    /** Asks {@code node} for {@code /stats} until it holds {@code links} open links. */
    private static void awaitLinks(SesameProcess node, int links) throws InterruptedException {
        long deadline = System.nanoTime() + Await.LONG.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            int mark = node.mark();
            node.send("/stats");
            last = Await.eventSince(node, mark, "stats", e -> true);
            if (last.path("links").asInt() == links) return;
            Thread.sleep(250);
        }
        throw new AssertionError(node + " never held exactly " + links + " links: " + last);
    }

    /** Carol runs as nobody (so the firewall rule can tell her dials from Alice's and Bob's), with --no-listen. */
    private static List<String> carolCommand(RelayProcess relay) throws IOException {
        Path dir = Files.createTempDirectory("sesame-phrase", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path phrase = dir.resolve("phrase");
        Files.writeString(phrase, PHRASE);
        Files.setPosixFilePermissions(phrase, PosixFilePermissions.fromString("rw-r--r--"));
        phrase.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        return List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                SesameProcess.projectRoot().resolve("sesame").toString(), "--headless", "--phrase-file", phrase.toString(),
                "--no-listen", "--relay", relay.pinned(), "--room", "mixed", "--display-name", "carol");
    }

    private static void iptables(String action, List<String> rule) {
        List<String> command = new ArrayList<>(List.of("iptables", action));
        command.addAll(rule);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 && action.equals("-I")) throw new AssertionError("iptables failed: " + out);
        } catch (IOException e) {
            throw new AssertionError("iptables", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }
}
