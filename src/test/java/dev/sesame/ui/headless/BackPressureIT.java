package dev.sesame.ui.headless;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.Cluster;
import dev.sesame.testing.SesameProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, "Back-pressure": a script that writes faster than the links carry is slowed down
 * (Sesame stops reading stdin while every outbox is full) instead of losing messages.
 */
class BackPressureIT {
    private static final int LINES = 10_000;
    private static final Duration LONG = Duration.ofMinutes(8);

    /** Waits until {@code node} has {@code count} events of {@code type}; polls, since there are thousands. */
    private static void awaitEvents(SesameProcess node, String type, int count) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (node.events(type).size() < count) {
            assertThat(node.process().isAlive()).as("%s alive", node).isTrue();
            assertThat(node.events("undelivered")).as("undelivered at %s", node).isEmpty();
            assertThat(System.nanoTime() - deadline).as("%s: %d of %d %s events in %s", node, node.events(type).size(),
                    count, type, LONG).isNegative();
            Thread.sleep(200);
        }
    }

    @Test
    void tenThousandLinesAsFastAsPossibleAllArriveAtBothPeersAndNoneIsReportedUndelivered() throws Exception {
        try (Cluster cluster = new Cluster()) {
            SesameProcess first = cluster.add("first", "--cover", "off");
            SesameProcess second = cluster.add("second", "--cover", "off", "--peer", first.address());
            SesameProcess sender = cluster.add("sender", "--cover", "off", "--peer", first.address(), "--peer", second.address());
            cluster.awaitFullMesh(Duration.ofSeconds(90));

            StringBuilder all = new StringBuilder();
            for (int i = 0; i < LINES; i++) all.append("line ").append(i).append('\n');
            byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
            // One write of everything: the pipe fills and the writer blocks whenever Sesame stops reading.
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    OutputStream stdin = sender.process().getOutputStream();
                    stdin.write(bytes);
                    stdin.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            awaitEvents(sender, "delivered", 2 * LINES);
            awaitEvents(first, "message", LINES);
            awaitEvents(second, "message", LINES);
            writer.join(LONG.toMillis());

            assertThat(sender.events("undelivered")).isEmpty();
            assertThat(sender.events("sent")).hasSize(LINES)
                    .allSatisfy(s -> assertThat(s.path("to")).as("queued for both").hasSize(2));
            for (SesameProcess receiver : List.of(first, second)) {
                Set<String> texts = new HashSet<>();
                for (JsonNode m : receiver.events("message")) {
                    assertThat(m.path("from").asText()).isEqualTo(sender.peerId());
                    assertThat(texts.add(m.path("text").asText())).as("shown once").isTrue();
                }
                assertThat(texts).hasSize(LINES).contains("line 0", "line " + (LINES - 1));
            }
        }
    }
}
