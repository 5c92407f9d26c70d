package dev.sesame.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * two links: the relay ends up holding exactly one pipe (Carol–Bob).
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

                    iptables("-D", rules.removeFirst()); // Alice's port opens for Carol
                    relay.await(l -> l.contains(" 1 pipes (0 pending)") && l.contains(" 3 members"), Await.LONG);
                    Await.event(carol, "duplicate");
                    carol.send("/msg alice over the direct link now");
                    Await.message(alice, "over the direct link now");
                    assertThat(carol.events("peer_down")).as("the move to direct never takes Alice down for Carol").isEmpty();
                    assertThat(alice.events("peer_down")).isEmpty();
                    assertThat(carol.events("peer_up")).hasSize(2);
                    for (String line : relay.lines()) {
                        Matcher m = PIPES.matcher(line);
                        if (m.find()) assertThat(Integer.parseInt(m.group(1))).as(line).isLessThanOrEqualTo(3);
                    }
                }
            }
        } finally {
            for (List<String> rule : rules) iptables("-D", rule);
        }
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
