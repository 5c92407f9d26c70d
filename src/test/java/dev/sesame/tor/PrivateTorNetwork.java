package dev.sesame.tor;

import dev.sesame.testing.SesameProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private Tor network on loopback ({@code scripts/tor-private-net}): 3 directory authorities
 * and 2 relays on 127.0.0.11 to 127.0.0.15, and client tors on 127.0.0.1. Every DirAuthority is
 * on 127.0.0.x, so nothing can reach the real Tor network.
 */
public final class PrivateTorNetwork implements AutoCloseable {
    /** One client tor: where its SOCKS and control ports are. */
    public record Client(int socksPort, int controlPort, Path directory) {
        public String control() {
            return "127.0.0.1:" + controlPort;
        }

        public String socks() {
            return "127.0.0.1:" + socksPort;
        }
    }

    private final Path directory;
    private final List<Client> clients;

    private PrivateTorNetwork(Path directory, List<Client> clients) {
        this.directory = directory;
        this.clients = clients;
    }

    public static boolean available() {
        return onPath("tor") && onPath("tor-gencert");
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/usr/bin", tool));
    }

    /** Generates keys and torrcs, starts every tor, returns once the script has (clients still bootstrapping). */
    public static PrivateTorNetwork start(int clients) {
        try {
            Path dir = Files.createTempDirectory("sesame-tornet");
            int base = 24_000 + (int) (ProcessHandle.current().pid() % 60) * 100; // several runs at once get different ports
            Process script = new ProcessBuilder(SesameProcess.projectRoot().resolve("scripts/tor-private-net").toString(),
                    "start", dir.toString(), Integer.toString(base), Integer.toString(clients)).redirectErrorStream(true).start();
            List<Client> found = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    String[] f = line.split(" ");
                    if (f.length == 5 && f[0].equals("client")) {
                        found.add(new Client(Integer.parseInt(f[2]), Integer.parseInt(f[3]), dir.resolve("client" + f[1])));
                    }
                }
            }
            if (script.waitFor() != 0 || found.size() != clients) throw new IllegalStateException("tor-private-net failed: " + found);
            return new PrivateTorNetwork(dir, List.copyOf(found));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<Client> clients() {
        return clients;
    }

    /** Waits until every client tor logged 100% bootstrap; returns how long that took from now. */
    public Duration awaitBootstrapped(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        for (Client c : clients) {
            Path log = c.directory().resolve("notice.log");
            while (!bootstrapped(log)) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("private Tor network did not bootstrap within " + timeout);
                Thread.sleep(250); // tor's log file is the only signal; polled
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static boolean bootstrapped(Path log) {
        try {
            return Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains("Bootstrapped 100%");
        } catch (IOException e) {
            return false;
        }
    }

    /** A torrc for an own tor of Sesame's on this network (--tor-config). */
    public Path ownTorrc() throws IOException {
        Path torrc = directory.resolve("own-torrc");
        String authorities = Files.readString(directory.resolve("authorities"));
        Files.writeString(torrc, "TestingTorNetwork 1\nAssumeReachable 1\nPathsNeededToBuildCircuits 0.25\nClientUseIPv6 0\n" + authorities);
        return torrc;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Process stop = new ProcessBuilder(SesameProcess.projectRoot().resolve("scripts/tor-private-net").toString(), "stop",
                directory.toString()).redirectErrorStream(true).start();
        stop.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        stop.waitFor();
        Thread.sleep(500); // tor removes its pid and lock files as it exits
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
