package dev.sesame.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.SesameProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What an observer of the network sees of a real two-peer session: a tcpdump capture on the
 * listener's port, first during silence, then while both people chat hard (many messages of
 * varied length through headless stdin). With cover traffic on, the two captures must have the
 * same payload sizes and the same packets per second in each direction; with it off, the same
 * capture tells them apart at once (so the measurement is able to see a difference).
 *
 * <p>Each window lasts {@code -Dsesame.cover.window.seconds} (default 20 s). At the default
 * 100 ms tick that is 200 cells per direction per window; the only count error of a periodic
 * writer is one cell at each window edge, so 20 s keeps a 3% tolerance well above noise while
 * the whole class stays under a minute on CI. Run with 60 for the one-minute figure.
 */
class CoverTrafficIT {
    private static final String PHRASE = "cover traffic test phrase";
    private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("sesame.cover.window.seconds", 20));
    /** After both peer_up events: the TLS handshake, the phrase handshake and the profiles are over. */
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final double TICKS_PER_SECOND = 10; // the default --cover-interval 100

    @Test
    void silenceAndBusyChatHaveTheSameSegmentSizesAndRateInEachDirection() {
        assumeTrue(Tcpdump.available(), "tcpdump is not installed (.ci/run installs it)");
        try (SesameProcess alice = SesameProcess.start("alice", PHRASE, "--bind", "127.0.0.1")) {
            int port = alice.port();
            try (Tcpdump dump = Tcpdump.capture(port);
                 SesameProcess bob = SesameProcess.start("bob", PHRASE, "--bind", "127.0.0.1", "--peer", alice.address())) {
                awaitLinked(alice, bob);
                Windows w = measureSilenceThenChat(alice, bob, WINDOW);
                List<Tcpdump.Segment> segments = dump.stop();

                for (boolean fromAlice : new boolean[] {true, false}) {
                    String direction = fromAlice ? "alice->bob" : "bob->alice";
                    Traffic silence = Traffic.of(segments, port, fromAlice, w.silenceStart, w.silenceEnd);
                    Traffic busy = Traffic.of(segments, port, fromAlice, w.busyStart, w.busyEnd);
                    System.out.printf("cover on, %s: silence %s | busy %s%n", direction, silence, busy);

                    assertThat(silence.dataSizes).as("%s: one segment size in silence", direction).hasSize(1);
                    assertThat(busy.dataSizes).as("%s: the same sizes while chatting", direction).isEqualTo(silence.dataSizes);
                    double expected = TICKS_PER_SECOND * WINDOW.toSeconds();
                    assertThat((double) silence.dataSegments).as("%s: silence rate", direction)
                            .isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(5));
                    assertThat((double) busy.dataSegments).as("%s: same count while chatting", direction)
                            .isCloseTo(silence.dataSegments, org.assertj.core.data.Percentage.withPercentage(3));
                    assertThat(busy.secondsWithin(1)).as("%s: per-second counts while chatting", direction)
                            .isGreaterThanOrEqualTo(0.85);
                    assertThat(silence.secondsWithin(1)).as("%s: per-second counts in silence", direction)
                            .isGreaterThanOrEqualTo(0.85);
                    // Pure ACKs are the kernel's answer to the other side's cells, whose timing does not change
                    // with content either; how many ride on our own cells depends on the two links' phases.
                    assertThat(Math.abs(busy.pureAcks - silence.pureAcks)).as("%s: pure ACKs", direction)
                            .isLessThanOrEqualTo(Math.max(10, silence.dataSegments / 10));
                }
                // The capture covered a real difference in content: mostly real cells while chatting.
                System.out.printf("cover on: real cells silence %.3f, busy %.3f; messages received alice %d bob %d%n",
                        w.realShareSilence, w.realShareBusy, alice.events("message").size(), bob.events("message").size());
                assertThat(w.realShareSilence).isLessThan(0.05);
                assertThat(w.realShareBusy).isGreaterThan(0.5);
                assertThat(alice.events("message").size()).isGreaterThan(10);
                assertThat(bob.events("message").size()).isGreaterThan(10);
                printWireCost(segments, port, w);
            }
        }
    }

    @Test
    void withCoverOffTheSameCaptureTellsChatFromSilence() {
        assumeTrue(Tcpdump.available(), "tcpdump is not installed (.ci/run installs it)");
        Duration window = Duration.ofSeconds(6);
        try (SesameProcess alice = SesameProcess.start("alice", PHRASE, "--bind", "127.0.0.1", "--cover", "off")) {
            int port = alice.port();
            try (Tcpdump dump = Tcpdump.capture(port);
                 SesameProcess bob = SesameProcess.start("bob", PHRASE, "--bind", "127.0.0.1", "--cover", "off",
                         "--peer", alice.address())) {
                awaitLinked(alice, bob);
                Windows w = measureSilenceThenChat(alice, bob, window);
                List<Tcpdump.Segment> segments = dump.stop();
                Traffic silence = Traffic.of(segments, port, false, w.silenceStart, w.silenceEnd);
                Traffic busy = Traffic.of(segments, port, false, w.busyStart, w.busyEnd);
                System.out.printf("cover off, bob->alice: silence %s | busy %s%n", silence, busy);
                // Cells keep every segment the same size even without cover; the count gives chat away.
                assertThat(busy.dataSegments).isGreaterThan(3 * silence.dataSegments + 10);
            }
        }
    }

    @Test
    void statsShowTheCoverCostLinksUpAndQueueDepth() {
        try (SesameProcess alice = SesameProcess.start("alice", PHRASE, "--bind", "127.0.0.1");
             SesameProcess bob = SesameProcess.start("bob", PHRASE, "--bind", "127.0.0.1", "--peer", alice.address())) {
            awaitLinked(alice, bob);
            bob.send("x".repeat(16_000)); // 32 cells: more than three seconds of ticks
            int mark = bob.mark();
            bob.send("/stats");
            JsonNode stats = bob.awaitSince(mark, e -> e.path("event").asText().equals("stats"), SesameProcess.DEFAULT_WAIT);
            System.out.println("stats while a long message drains: " + stats);
            assertThat(stats.path("links").asInt()).isEqualTo(1);
            assertThat(stats.path("cover").asBoolean()).isTrue();
            assertThat(stats.path("cover_interval_ms").asLong()).isEqualTo(100);
            assertThat(stats.path("bytes_per_hour_per_link").asLong()).isEqualTo(36_000L * 512);
            assertThat(stats.path("queued_cells").asInt()).as("the message drains one cell per tick").isGreaterThan(10);
            alice.await("message", e -> e.path("text").asText().length() == 16_000);
        }
    }

    private static void awaitLinked(SesameProcess alice, SesameProcess bob) {
        alice.await("peer_up", e -> e.path("peer_id").asText().equals(bob.peerId()));
        bob.await("peer_up", e -> e.path("peer_id").asText().equals(alice.peerId()));
    }

    /** Start and end of both windows (epoch seconds, the clock tcpdump stamps with) and the real-cell shares. */
    private record Windows(double silenceStart, double silenceEnd, double busyStart, double busyEnd,
                           double realShareSilence, double realShareBusy) {}

    private static Windows measureSilenceThenChat(SesameProcess alice, SesameProcess bob, Duration window) {
        waitFor(SETTLE); // a measured interval, not synchronisation: the link is already up
        long[] s0 = cells(alice, bob);
        double silenceStart = now();
        waitFor(window);
        double silenceEnd = now();
        long[] s1 = cells(alice, bob);

        AtomicBoolean chatting = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        List<Thread> talkers = new ArrayList<>();
        double busyStart = now();
        for (SesameProcess who : List.of(alice, bob)) {
            long seed = new Random().nextLong();
            System.out.println("talker " + who + " seed " + seed);
            talkers.add(Thread.ofPlatform().name("talker-" + who).start(() -> talk(who, new Random(seed), chatting, sent)));
        }
        waitFor(window);
        double busyEnd = now();
        chatting.set(false);
        long[] s2 = cells(alice, bob);
        for (Thread t : talkers) join(t);
        System.out.println("messages typed while chatting: " + sent.get());
        return new Windows(silenceStart, silenceEnd, busyStart, busyEnd, realShare(s0, s1), realShare(s1, s2));
    }

    /** Types messages of varied length (1 to 3,000 characters) every 100-400 ms until told to stop. */
    private static void talk(SesameProcess who, Random random, AtomicBoolean chatting, AtomicInteger sent) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?";
        while (chatting.get()) {
            int length = random.nextInt(10) < 7 ? 1 + random.nextInt(200) : 200 + random.nextInt(2800);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            who.send(text.toString().strip().isEmpty() ? "x" : text.toString());
            sent.incrementAndGet();
            waitFor(Duration.ofMillis(100 + random.nextInt(300)));
        }
    }

    /** Sums of cells_sent and padding_sent of both processes, from {@code /stats}. */
    private static long[] cells(SesameProcess... processes) {
        long total = 0;
        long padding = 0;
        for (SesameProcess p : processes) {
            int mark = p.mark();
            p.send("/stats");
            JsonNode stats = p.awaitSince(mark, e -> e.path("event").asText().equals("stats"), SesameProcess.DEFAULT_WAIT);
            total += stats.path("cells_sent").asLong();
            padding += stats.path("padding_sent").asLong();
        }
        return new long[] {total, padding};
    }

    private static double realShare(long[] before, long[] after) {
        long cells = after[0] - before[0];
        long padding = after[1] - before[1];
        return cells == 0 ? 0 : (double) (cells - padding) / cells;
    }

    private static void printWireCost(List<Tcpdump.Segment> segments, int port, Windows w) {
        for (boolean fromAlice : new boolean[] {true, false}) {
            Traffic t = Traffic.of(segments, port, fromAlice, w.silenceStart, w.silenceEnd);
            double seconds = w.silenceEnd - w.silenceStart;
            // On the wire: TCP payload + 20 bytes IPv4 + 32 bytes TCP header with timestamps, for every segment.
            double ipBytesPerHour = (t.dataBytes + 52.0 * (t.dataSegments + t.pureAcks)) / seconds * 3600;
            System.out.printf("cover cost %s: %.0f IP bytes/hour (%.1f MB/h), %d-byte TLS records, %.2f data + %.2f ack segments/s;"
                    + " cell payload alone: %d bytes/hour%n", fromAlice ? "alice->bob" : "bob->alice", ipBytesPerHour,
                    ipBytesPerHour / 1e6, t.dataSizes.isEmpty() ? 0 : t.dataSizes.first(), t.dataSegments / seconds,
                    t.pureAcks / seconds, (long) (TICKS_PER_SECOND * 3600 * 512));
        }
    }

    /** What one direction of the capture shows in one window. */
    private record Traffic(int dataSegments, long dataBytes, TreeSet<Integer> dataSizes, int pureAcks, int[] perSecond) {
        static Traffic of(List<Tcpdump.Segment> all, int listenerPort, boolean fromListener, double start, double end) {
            int data = 0;
            int acks = 0;
            long bytes = 0;
            TreeSet<Integer> sizes = new TreeSet<>();
            int[] perSecond = new int[(int) Math.floor(end - start)];
            for (Tcpdump.Segment s : all) {
                if (s.time() < start || s.time() >= end || s.from(listenerPort) != fromListener) continue;
                if (!s.carriesData()) {
                    acks++;
                    continue;
                }
                data++;
                bytes += s.payloadBytes();
                sizes.add(s.payloadBytes());
                int second = (int) Math.floor(s.time() - start);
                if (second < perSecond.length) perSecond[second]++;
            }
            return new Traffic(data, bytes, sizes, acks, perSecond);
        }

        /** Share of whole seconds whose data-segment count is within {@code slack} of the tick rate. */
        double secondsWithin(int slack) {
            int ok = 0;
            for (int n : perSecond) if (Math.abs(n - TICKS_PER_SECOND) <= slack) ok++;
            return perSecond.length == 0 ? 0 : (double) ok / perSecond.length;
        }

        @Override
        public String toString() {
            return String.format("%d data segments (sizes %s), %d pure ACKs, per second %s", dataSegments, dataSizes,
                    pureAcks, java.util.Arrays.toString(perSecond));
        }
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static void waitFor(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
