package dev.sesame.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sesame.testing.RelayProcess;
import dev.sesame.testing.SesameProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What an observer between a member and the relay sees (a tcpdump capture on the relay's port):
 * with cover traffic on, the member's pipe carries equal-size records at a constant rate, and
 * the same whether the member chats or is silent. The relay's splice copies record by record,
 * so the sizes survive the hop (docs/PROTOCOL.md §12, docs/SECURITY.md "Relay").
 */
class RelayCoverTrafficIT {
    private static final String PHRASE = "cover traffic through the relay";
    private static final Duration WINDOW = Duration.ofSeconds(6);

    @Test
    void throughTheRelayTheMembersRecordsAreEqualSizeAndConstantRateWhetherTheyTalkOrNot() throws Exception {
        assumeTrue(Tcpdump.available(), "tcpdump is not installed (.ci/run installs it)");
        try (RelayProcess relay = RelayProcess.start(0); Tcpdump dump = Tcpdump.capture(relay.port());
             SesameProcess alice = SesameProcess.start("alice", PHRASE, "--no-listen", "--relay", relay.pinned(), "--room", "cover");
             SesameProcess bob = SesameProcess.start("bob", PHRASE, "--no-listen", "--relay", relay.pinned(), "--room", "cover")) {
            alice.awaitSince(0, e -> e.path("event").asText().equals("peer_up"), Duration.ofSeconds(120));
            bob.awaitSince(0, e -> e.path("event").asText().equals("peer_up"), Duration.ofSeconds(120));
            Thread.sleep(2000); // measurement window, not synchronisation: let the handshake's bursts pass
            double silenceStart = now();
            Thread.sleep(WINDOW.toMillis());
            double busyStart = now();
            long until = System.nanoTime() + WINDOW.toNanos();
            int sent = 0;
            while (System.nanoTime() < until) {
                alice.send("chatting through the relay, line " + sent++ + " " + "x".repeat(sent % 200));
                Thread.sleep(100);
            }
            double busyEnd = now();
            bob.awaitSince(0, e -> e.path("event").asText().equals("message"), Duration.ofSeconds(60));
            List<Tcpdump.Segment> segments = dump.stop();
            int relayPort = relay.port();
            for (boolean towardsRelay : new boolean[] {true, false}) {
                Predicate<Tcpdump.Segment> direction = s -> towardsRelay ? s.destinationPort() == relayPort : s.sourcePort() == relayPort;
                Map<Integer, Integer> silence = sizes(segments, direction, silenceStart, busyStart);
                Map<Integer, Integer> busy = sizes(segments, direction, busyStart, busyEnd);
                String label = towardsRelay ? "members->relay" : "relay->members";
                System.out.printf("through the relay, %s: silence %s | busy %s%n", label, silence, busy);
                int size = modal(silence);
                assertThat(modal(busy)).as("%s: the same record size while chatting", label).isEqualTo(size);
                assertThat(share(silence, size)).as("%s: equal-size records in silence", label).isGreaterThan(0.9);
                assertThat(share(busy, size)).as("%s: equal-size records while chatting", label).isGreaterThan(0.9);
                int silent = silence.getOrDefault(size, 0);
                // two members, one pipe each: 10 cells/s per direction per pipe
                assertThat((double) silent).as("%s: constant rate", label)
                        .isCloseTo(2 * 10 * WINDOW.toSeconds(), org.assertj.core.data.Percentage.withPercentage(15));
                assertThat((double) busy.getOrDefault(size, 0)).as("%s: the same rate while chatting", label)
                        .isCloseTo(silent, org.assertj.core.data.Percentage.withPercentage(10));
            }
            assertThat(bob.events("message").size()).as("the busy window really carried messages").isGreaterThan(10);
        }
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static Map<Integer, Integer> sizes(List<Tcpdump.Segment> all, Predicate<Tcpdump.Segment> direction, double from, double to) {
        Map<Integer, Integer> out = new TreeMap<>();
        for (Tcpdump.Segment s : all) {
            if (s.carriesData() && direction.test(s) && s.time() >= from && s.time() < to) out.merge(s.payloadBytes(), 1, Integer::sum);
        }
        return out;
    }

    private static int modal(Map<Integer, Integer> sizes) {
        return sizes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static double share(Map<Integer, Integer> sizes, int size) {
        int total = sizes.values().stream().mapToInt(Integer::intValue).sum();
        return total == 0 ? 0 : (double) sizes.getOrDefault(size, 0) / total;
    }
}
