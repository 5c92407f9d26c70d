package dev.sesame.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.SesameProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up and link set-up times of real processes on loopback (issue "Secure 1:1 link").
 * Run with {@code scripts/measure StartupFigures [runs]}; prints a table.
 *
 * <ul>
 *   <li>start → ready: from launching {@code ./sesame} (JVM start, crypto self-test, Argon2id
 *       64 MiB / 3 passes, identity, listening) to the {@code ready} event, timed here.</li>
 *   <li>link set-up: from the dialer's {@code ready} (it dials right then: TCP connect, TLS 1.3,
 *       the four-flight handshake, first ratchet records) to the later of the two
 *       {@code peer_up} events, from the nodes' own timestamps.</li>
 * </ul>
 */
public final class StartupFigures {
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<Long> startToReady = new ArrayList<>();
        List<Long> linkCoverOff = new ArrayList<>();
        List<Long> linkCoverOn = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            try (SesameProcess listener = SesameProcess.start("listener", "open sesame", "--cover", "off")) {
                listener.ready();
                startToReady.add((System.nanoTime() - start) / 1_000_000);
                linkCoverOff.add(linkSetup(listener, "off"));
            }
            try (SesameProcess listener = SesameProcess.start("listener", "open sesame")) {
                linkCoverOn.add(linkSetup(listener, "on"));
            }
            System.err.printf("run %d/%d done%n", i + 1, runs);
        }
        System.out.println(Figures.header());
        System.out.println(Figures.row("start -> ready (Argon2id included)", startToReady));
        System.out.println(Figures.row("link set-up, cover traffic off", linkCoverOff));
        System.out.println(Figures.row("link set-up, cover traffic on (100 ms cells)", linkCoverOn));
    }

    private static long linkSetup(SesameProcess listener, String cover) {
        try (SesameProcess dialer = SesameProcess.start("dialer", "open sesame", "--cover", cover, "--peer", listener.address())) {
            long dialAt = dialer.ready().path("ts").asLong();
            JsonNode upAtDialer = dialer.await("peer_up");
            JsonNode upAtListener = listener.await("peer_up");
            return Math.max(upAtDialer.path("ts").asLong(), upAtListener.path("ts").asLong()) - dialAt;
        }
    }
}
