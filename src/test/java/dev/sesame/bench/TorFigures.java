package dev.sesame.bench;

import dev.sesame.testing.SesameProcess;
import dev.sesame.tor.PrivateTorNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Sesame over Tor on a private Tor network on loopback ({@code scripts/tor-private-net}): time
 * from process start to {@code ready} in {@code --tor} mode (bootstrap, ADD_ONION, descriptor
 * upload), link set-up over onion services (dialler's ready to both {@code peer_up}), and one-hop
 * latency (a line typed into bob until alice prints it) with cover traffic on and off. Relays on
 * loopback add no network delay: this is Tor's processing, not the real network's.
 * Not a test: {@code scripts/measure TorFigures [messages]}.
 */
public final class TorFigures {
    private TorFigures() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        try (PrivateTorNetwork network = PrivateTorNetwork.start(2)) {
            System.out.println("private network bootstrapped in " + network.awaitBootstrapped(Duration.ofMinutes(4)).toSeconds() + " s");
            for (String cover : new String[] {"on", "off"}) run(network, cover, messages);
        }
    }

    private static SesameProcess node(String label, PrivateTorNetwork.Client tor, String cover, String... peer) throws Exception {
        Path phrase = Files.createTempFile("sesame-phrase", ".txt");
        Files.writeString(phrase, "tor figures phrase");
        phrase.toFile().deleteOnExit();
        List<String> command = new ArrayList<>(List.of(SesameProcess.projectRoot().resolve("sesame").toString(), "--headless",
                "--phrase-file", phrase.toString(), "--tor", "--tor-control", tor.control(), "--port", "9000", "--cover", cover));
        for (String p : peer) command.addAll(List.of("--peer", p));
        return SesameProcess.startRaw(label, command);
    }

    private static void run(PrivateTorNetwork network, String cover, int messages) throws Exception {
        long t0 = System.nanoTime();
        try (SesameProcess alice = node("alice", network.clients().get(0), cover)) {
            String onion = alice.awaitSince(0, e -> e.path("event").asText().equals("tor_ready"), Duration.ofMinutes(4)).path("onion").asText();
            alice.ready();
            double readyS = (System.nanoTime() - t0) / 1e9;
            try (SesameProcess bob = node("bob", network.clients().get(1), cover, onion)) {
                bob.ready();
                long linkStart = System.nanoTime();
                alice.awaitSince(0, e -> e.path("event").asText().equals("peer_up"), Duration.ofMinutes(4));
                bob.awaitSince(0, e -> e.path("event").asText().equals("peer_up"), Duration.ofMinutes(4));
                double linkS = (System.nanoTime() - linkStart) / 1e9;
                List<Double> millis = new ArrayList<>();
                Random random = new Random(1);
                for (int i = -5; i < messages; i++) {
                    String text = "line " + i + " " + Long.toHexString(random.nextLong());
                    int mark = alice.mark();
                    long start = System.nanoTime();
                    bob.send(text);
                    alice.awaitSince(mark, e -> e.path("event").asText().equals("message") && e.path("text").asText().equals(text),
                            Duration.ofSeconds(60));
                    if (i >= 0) millis.add((System.nanoTime() - start) / 1e6);
                    Thread.sleep(50 + random.nextInt(200));
                }
                millis.sort(Double::compare);
                System.out.printf("| %s | %.1f | %.1f | %d | %.0f | %.0f | %.0f |%n", cover, readyS, linkS, millis.size(),
                        pct(millis, 50), pct(millis, 99), millis.getLast());
            }
        }
    }

    private static double pct(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
