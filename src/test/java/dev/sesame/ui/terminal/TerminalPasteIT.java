package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.limits.Limits;
import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TmuxSession;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure for a paste in the terminal (issue 12): a paste longer than a whole outbox, made
 * while the one peer is briefly not reading, waits for room line by line instead of losing the
 * lines beyond the outbox to {@code outbox_full}. The status bar says how many wait meanwhile.
 */
class TerminalPasteIT {
    private static final String PHRASE = "correct horse battery staple";
    private static final int LINES = Limits.MAX_OUTBOX_PER_PEER * 2 + 88;

    @Test
    void aLongPasteWhileThePeerIsStalledArrivesWholeAndNothingIsReportedUndelivered() throws Exception {
        try (TmuxSession alice = TmuxSession.start("alice-paste", 120, 40)) {
            alice.startSesame(PHRASE, "--display-name", "alice", "--cover", "off");
            try (SesameProcess bob = SesameProcess.start("bob", PHRASE, "--display-name", "bob", "--cover", "off",
                    "--peer", "127.0.0.1:" + alice.sesamePort())) {
                bob.await("peer_up");
                alice.waitForText("peers 1 linked");
                List<String> lines = IntStream.rangeClosed(1, LINES).mapToObj(i -> String.format("pasted %04d", i)).toList();

                new ProcessBuilder("kill", "-STOP", Long.toString(bob.pid())).start().waitFor();
                try {
                    alice.paste(lines.stream().collect(Collectors.joining("\n")));
                    alice.waitForText("Paste " + LINES + " lines?");
                    alice.keys("Enter");
                    // Bob reads nothing, so one outbox's worth goes out and the rest waits, visibly.
                    alice.waitFor(java.util.regex.Pattern.compile(" " + (LINES - Limits.MAX_OUTBOX_PER_PEER) + " pasted lines queued"),
                            Duration.ofSeconds(20));
                } finally {
                    new ProcessBuilder("kill", "-CONT", Long.toString(bob.pid())).start().waitFor();
                }
                List<JsonNode> received = bob.awaitCount(e -> e.path("event").asText().equals("message")
                        && e.path("text").asText().startsWith("pasted "), LINES, Duration.ofSeconds(90));
                assertThat(received).extracting(e -> e.path("text").asText()).containsExactlyElementsOf(lines);
                alice.waitUntilGone("pasted lines queued", Duration.ofSeconds(20));
                assertThat(alice.everything()).doesNotContain("not delivered").doesNotContain("outbox");
            }
        }
    }
}
