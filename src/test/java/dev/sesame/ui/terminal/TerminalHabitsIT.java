package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TmuxSession;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 11 through tmux, as a person would meet it: one terminal ("alice") and a headless "bob"
 * shared by every case (the cases run in order; the last one leaves), plus short-lived peers
 * where a case needs one: a "dave" that stops answering, a "mallory" with another phrase.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TerminalHabitsIT {
    private static final String PHRASE = "correct horse battery staple";
    private static final Duration LONG = Duration.ofSeconds(45);

    private TmuxSession alice;
    private SesameProcess bob;

    @BeforeAll
    void start() {
        alice = TmuxSession.start("alice-habits", 120, 40);
        alice.startSesame(PHRASE, "--display-name", "alice", "--cover-interval", "100", "--delivery-timeout", "8");
        int port = alice.sesamePort();
        bob = SesameProcess.start("bob", PHRASE, "--display-name", "bob", "--cover-interval", "100",
                "--peer", "127.0.0.1:" + port);
        bob.await("peer_up");
        alice.waitForText("peers 1 linked");
    }

    @AfterAll
    void stop() {
        if (bob != null) bob.close();
        if (alice != null) alice.close();
    }

    @Test
    @Order(1)
    void aMentionIsHighlightedAndRingsTheBell() {
        assertThat(alice.paneInfo("#{window_bell_flag}")).isEqualTo("0");
        bob.send("no name in this one");
        alice.waitForText("bob: no name in this one");
        assertThat(alice.paneInfo("#{window_bell_flag}")).isEqualTo("0");
        bob.send("hey Alice, look");
        alice.waitForText("bob: hey Alice, look");
        alice.waitFor(s -> alice.paneInfo("#{window_bell_flag}").equals("1"), Duration.ofSeconds(10), "the bell flag");
        // Reverse video on the mentioning text (SGR 7), whatever other attributes come with it.
        assertThat(alice.screenWithEscapes()).containsPattern("\u001b\\[([0-9;]*;)?7(;[0-9;]*)?m(\u001b\\[[0-9;]*m)*hey Alice, look");
        assertThat(alice.paneInfo("#{pane_title}")).startsWith("sesame (").contains("1 mention");
    }

    @Test
    @Order(2)
    void tabCompletesCommandsAndNamesAndAltEnterMakesOneMessageOfTwoLines() {
        alice.type("/ms");
        alice.keys("Tab");
        alice.waitFor(s -> s.lines().anyMatch(l -> l.equals("> /msg")), Duration.ofSeconds(10), "the completed command");
        alice.type("bo");
        alice.keys("Tab");
        alice.waitFor(s -> s.lines().anyMatch(l -> l.equals("> /msg bob")), Duration.ofSeconds(10), "the completed name");
        alice.typeLine("just for you");
        bob.await("message", e -> e.path("text").asText().equals("just for you") && e.path("private").asBoolean());
        assertThat(alice.paneInfo("#{pane_title}")).isEqualTo("sesame"); // typing is looking

        alice.type("first row");
        alice.keys("C-j");
        alice.type("second row");
        alice.keys("M-Enter");
        alice.typeLine("third row");
        bob.await("message", e -> e.path("text").asText().equals("first row\nsecond row\nthird row"));

        alice.typeLine("/me waves");
        bob.await("message", e -> e.path("text").asText().equals("/me waves"));
        alice.waitForText("* alice waves");
        alice.typeLine("/query bob");
        alice.waitForText("private to bob (/query ends)");
        alice.typeLine("sticky and private");
        bob.await("message", e -> e.path("text").asText().equals("sticky and private") && e.path("private").asBoolean());
        alice.typeLine("/query");
        alice.waitUntilGone("private to bob (/query ends)", Duration.ofSeconds(10));
    }

    @Test
    @Order(3)
    void aMultiLinePasteAsksFirstAndAPastedQuitIsOnlyText() {
        alice.paste("one\n/quit\nthree\n");
        alice.waitForText("Paste 3 lines? (Enter sends them as 3 messages, Ctrl-J joins them into one, Esc cancels)");
        alice.keys("Enter");
        bob.await("message", e -> e.path("text").asText().equals("three"));
        assertThat(bob.events("message").stream().map(e -> e.path("text").asText())).contains("one", "/quit");
        alice.waitForText("alice: /quit");
        assertThat(alice.screen()).doesNotContain("[exited");

        alice.paste("joined a\njoined b");
        alice.waitForText("Paste 2 lines?");
        alice.keys("C-j");
        bob.await("message", e -> e.path("text").asText().equals("joined a\njoined b"));

        alice.paste("never\nsent");
        alice.waitForText("Paste 2 lines?");
        alice.keys("Escape");
        alice.waitForText("paste cancelled: nothing sent");
        assertThat(alice.screen()).doesNotContain("[exited");
    }

    @Test
    @Order(4)
    void thePhraseMismatchBlamesNobodyAndRepeatsAreOneLine() {
        try (SesameProcess mallory = SesameProcess.start("mallory", "another phrase entirely, not ours", "--cover-interval", "100",
                "--peer", "127.0.0.1:" + alice.sesamePort())) {
            mallory.awaitCount(e -> e.path("event").asText().equals("auth_failed"), 3, LONG);
            assertThat(mallory.events("auth_failed").getLast().path("count").asInt()).isGreaterThanOrEqualTo(3);
            String screen = alice.waitFor(Pattern.compile("the phrase does not match the one at 127\\.0\\.0\\.1:\\d+ \\(or one of you"
                    + " is in decoy mode\\): check yours \\(\u00d7[3-9] in \\d+ s\\)"), LONG).group();
            assertThat(screen).doesNotContain("failed to prove");
            assertThat(alice.screen().lines().filter(l -> l.contains("the phrase does not match"))).hasSize(1);
        }
    }

    @Test
    @Order(5)
    void aMessageSaysWhoItWaitsForAndUndeliveredLinesCollapse() throws Exception {
        try (SesameProcess dave = SesameProcess.start("dave", PHRASE, "--display-name", "dave", "--cover-interval", "100",
                "--peer", "127.0.0.1:" + alice.sesamePort())) {
            dave.await("peer_up", e -> e.path("name").asText().equals("alice"));
            alice.waitForText("peers 2 linked");
            new ProcessBuilder("kill", "-STOP", Long.toString(dave.pid())).start().waitFor();
            try {
                alice.typeLine("to both, 1");
                alice.typeLine("to both, 2");
                alice.typeLine("to both, 3");
                alice.waitForText("to both, 3  [delivered 1/2, waiting for dave]");
                alice.waitForText("dave did not confirm in time: 3 messages not delivered", LONG);
                assertThat(alice.screen().lines().filter(l -> l.contains("not delivered") && l.contains("!!"))).hasSize(1);
                alice.waitForText("to both, 3  [delivered 1/2, not to dave (timeout)]");
                // Dave is down now: no longer a recipient, so the next line is simply delivered.
                alice.typeLine("only bob now");
                alice.waitForText("alice: only bob now  [delivered]");
            } finally {
                new ProcessBuilder("kill", "-CONT", Long.toString(dave.pid())).start().waitFor();
            }
        }
    }

    @Test
    @Order(6)
    void dialsAreVisibleAndConnectAndRetryWork() {
        int port = dev.sesame.testing.Cluster.freePortBelowEphemeralRange();
        String target = "127.0.0.1:" + port;
        alice.typeLine("/connect " + target);
        alice.waitForText("dialled " + target + ": nothing listens there, the connection was refused (refused); check the address");
        alice.waitFor(Pattern.compile("dialling [1-9]"), LONG);
        alice.typeLine("/peers");
        alice.waitFor(Pattern.compile(Pattern.quote(target) + "  retrying in \\d+ s \\(last: nothing listens there, the connection was refused"), LONG);
        try (SesameProcess carol = SesameProcess.start("carol", PHRASE, "--display-name", "carol", "--cover-interval", "100",
                "--port", Integer.toString(port))) {
            carol.ready();
            alice.typeLine("/retry " + target);
            alice.waitForText("redialling now: " + target);
            carol.await("peer_up", e -> e.path("name").asText().equals("alice"));
            alice.waitForText("peers 2 linked");
            alice.typeLine("/peers");
            alice.waitForText(target + "  linked  carol");
            carol.kill();
            alice.waitForText("carol's link dropped");
            alice.typeLine("/peers");
            alice.waitFor(Pattern.compile("carol  \\[[A-Z2-7 ]+\\]  last seen \\d+ s ago, (closed|error|timeout), redialling"), LONG);
        }
    }

    @Test
    @Order(7)
    void leavingWithADraftAsksFirstAndTwiceLeaves() {
        alice.type("half a thought");
        alice.keys("Escape");
        alice.waitForText("your draft is not sent: press Esc (or Ctrl-C, or /quit) again to leave anyway");
        assertThat(alice.screen()).doesNotContain("[exited");
        alice.keys("Escape");
        alice.waitForText("[exited 0]");
        bob.await("peer_down", e -> e.path("reason").asText().equals("goodbye"));
    }
}
