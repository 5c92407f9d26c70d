package dev.sesame.tor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.SesameProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sesame over a real tor (Debian's 0.4.9), on a private Tor network on loopback that this test
 * makes ({@link PrivateTorNetwork}): nodes in {@code --tor} mode link through onion services
 * and chat, a wrong phrase is refused, and, traced with strace while they link and chat, a node
 * connects to nothing but its tor's control and SOCKS ports (no DNS, no direct connection).
 * Skipped when tor, tor-gencert or strace is missing ({@code .ci/run} installs them).
 */
class TorNetworkIT {
    private static final String PHRASE = "onion layers all the way down";
    private static final Duration LINK_WAIT = Duration.ofSeconds(240);
    private static PrivateTorNetwork network;

    @BeforeAll
    static void startNetwork() throws Exception {
        assumeTrue(PrivateTorNetwork.available() && PrivateTorNetwork.onPath("strace"), "needs tor, tor-gencert and strace");
        network = PrivateTorNetwork.start(3);
        Duration took = network.awaitBootstrapped(Duration.ofSeconds(240));
        System.out.println("private Tor network bootstrapped in " + took.toSeconds() + " s");
    }

    @AfterAll
    static void stopNetwork() throws Exception {
        if (network != null) network.close();
    }

    private static SesameProcess node(String label, String phrase, PrivateTorNetwork.Client tor, Path trace, String... peers)
            throws Exception {
        Path phraseFile = Files.createTempFile("sesame-phrase", ".txt");
        Files.writeString(phraseFile, phrase);
        phraseFile.toFile().deleteOnExit();
        List<String> command = new ArrayList<>();
        if (trace != null) command.addAll(ConnectTrace.prefix(trace));
        command.addAll(List.of(SesameProcess.projectRoot().resolve("sesame").toString(), "--headless", "--phrase-file",
                phraseFile.toString(), "--tor", "--tor-control", tor.control(), "--port", "9000"));
        for (String peer : peers) command.addAll(List.of("--peer", peer));
        return SesameProcess.startRaw(label, command);
    }

    private static String onionOf(SesameProcess node) {
        JsonNode ready = node.awaitSince(0, e -> e.path("event").asText().equals("tor_ready"), LINK_WAIT);
        return ready.path("onion").asText();
    }

    private static JsonNode awaitPeer(SesameProcess node, SesameProcess other) {
        return node.awaitSince(0, e -> e.path("event").asText().equals("peer_up") && e.path("peer_id").asText().equals(other.peerId()),
                LINK_WAIT);
    }

    @Test
    void twoThenThreeNodesLinkThroughOnionServicesAndChatWithoutAnyOtherConnection() throws Exception {
        PrivateTorNetwork.Client torA = network.clients().get(0);
        PrivateTorNetwork.Client torB = network.clients().get(1);
        Path traceA = Files.createTempFile("sesame-tor-trace-a", ".log");
        Path traceB = Files.createTempFile("sesame-tor-trace-b", ".log");
        traceA.toFile().deleteOnExit();
        traceB.toFile().deleteOnExit();
        try (SesameProcess alice = node("alice", PHRASE, torA, traceA)) {
            String aliceOnion = onionOf(alice);
            assertThat(aliceOnion).matches("[a-z2-7]{56}\\.onion:9000");
            assertThat(alice.ready().path("listen").asText()).isEqualTo(aliceOnion);
            assertThat(alice.events("tor_bootstrap")).isNotEmpty();
            try (SesameProcess bob = node("bob", PHRASE, torB, traceB, aliceOnion)) {
                String bobOnion = onionOf(bob);
                bob.ready();
                JsonNode bobUp = awaitPeer(alice, bob);
                JsonNode aliceUp = awaitPeer(bob, alice);
                assertThat(bobUp.path("via").asText()).isEqualTo("tor");
                assertThat(aliceUp.path("via").asText()).isEqualTo("tor");
                assertThat(aliceUp.path("address").asText()).isEqualTo(aliceOnion);
                bob.send("hello through three hops and a rendezvous");
                alice.await("message", e -> e.path("text").asText().equals("hello through three hops and a rendezvous"));
                alice.send("and back");
                bob.await("message", e -> e.path("text").asText().equals("and back"));

                // carol knows only alice; she must learn bob's onion address from alice's PEERS
                try (SesameProcess carol = node("carol", PHRASE, network.clients().get(2), null, aliceOnion)) {
                    carol.ready();
                    awaitPeer(carol, alice);
                    JsonNode carolToBob = awaitPeer(carol, bob);
                    assertThat(carolToBob.path("via").asText()).isEqualTo("tor");
                    assertThat(carolToBob.path("address").asText()).as("bob as announced in PEERS").isIn(bobOnion, "tor");
                    carol.send("three of us now");
                    alice.await("message", e -> e.path("text").asText().equals("three of us now"));
                    bob.await("message", e -> e.path("text").asText().equals("three of us now"));
                }
                bob.send("/quit");
                bob.await("bye");
            }
            alice.send("/quit");
            alice.await("bye");
            alice.awaitExit(Duration.ofSeconds(30));
        }
        for (var trace : List.of(new Object[] {traceA, torA}, new Object[] {traceB, torB})) {
            Path log = (Path) trace[0];
            PrivateTorNetwork.Client tor = (PrivateTorNetwork.Client) trace[1];
            assertThat(ConnectTrace.connectsTo(log, tor.controlPort())).as("the trace saw the control connection").isPositive();
            assertThat(ConnectTrace.leaks(log, Set.of(tor.controlPort(), tor.socksPort())))
                    .as("connections and datagrams other than to the local tor (DNS included)").isEmpty();
        }
    }

    @Test
    void withoutARunningTorSesameStartsItsOwnAndLeavesNothingBehind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = ownTorDirs(tmp);
        Path phraseFile = Files.createTempFile("sesame-phrase", ".txt");
        Files.writeString(phraseFile, PHRASE);
        phraseFile.toFile().deleteOnExit();
        // No --tor-control: nothing answers on 9051/9151 here, so Sesame starts tor itself, on this network.
        try (SesameProcess own = SesameProcess.startRaw("own", List.of(SesameProcess.projectRoot().resolve("sesame").toString(),
                "--headless", "--phrase-file", phraseFile.toString(), "--tor", "--tor-config", network.ownTorrc().toString(),
                "--port", "9000"))) {
            assertThat(onionOf(own)).matches("[a-z2-7]{56}\\.onion:9000");
            own.ready();
            Set<Path> during = ownTorDirs(tmp);
            during.removeAll(before);
            assertThat(during).as("one throwaway data directory").hasSize(1);
            List<ProcessHandle> tors = own.process().descendants().filter(p -> p.info().command().orElse("").endsWith("tor")).toList();
            assertThat(tors).as("tor runs as Sesame's child").hasSize(1);
            own.send("/quit");
            own.await("bye");
            assertThat(own.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(tors.getFirst().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
            assertThat(Files.exists(during.iterator().next())).as("its directory is deleted").isFalse();
        }
    }

    private static Set<Path> ownTorDirs(Path tmp) throws java.io.IOException {
        try (var list = Files.list(tmp)) {
            return new java.util.HashSet<>(list.filter(p -> p.getFileName().toString().startsWith("sesame-tor-")
                    && Files.isDirectory(p)).toList());
        }
    }

    @Test
    void aWrongPhraseIsRefusedOverTor() throws Exception {
        try (SesameProcess alice = node("alice2", PHRASE, network.clients().get(0), null)) {
            String aliceOnion = onionOf(alice);
            alice.ready();
            try (SesameProcess mallory = node("mallory", "not the phrase at all, sorry", network.clients().get(1), null, aliceOnion)) {
                mallory.ready();
                mallory.awaitSince(0, e -> e.path("event").asText().equals("auth_failed"), LINK_WAIT);
                alice.awaitSince(0, e -> e.path("event").asText().equals("auth_failed"), LINK_WAIT);
                assertThat(mallory.events("peer_up")).isEmpty();
                assertThat(alice.events("peer_up")).isEmpty();
            }
        }
    }
}
