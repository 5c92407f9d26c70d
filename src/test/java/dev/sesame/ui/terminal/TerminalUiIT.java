package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TmuxSession;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The terminal interface driven as a person would: real processes in tmux terminals, keys
 * typed with send-keys, the screen read with capture-pane. Peers are more terminals, or
 * headless processes where the test needs to see exactly what arrived.
 */
class TerminalUiIT {
    private static final String PHRASE = "correct horse battery staple";
    private static final Duration SHORT = Duration.ofSeconds(10);

    private static TmuxSession tui(String label, String... args) {
        return tui(label, 100, 30, args);
    }

    private static TmuxSession tui(String label, int columns, int rows, String... args) {
        TmuxSession session = TmuxSession.start(label, columns, rows);
        session.startSesame(PHRASE, args);
        session.waitForText("listening on");
        return session;
    }

    private static String line(String screen, int row) {
        List<String> lines = screen.lines().toList();
        return row < lines.size() ? lines.get(row) : "";
    }

    @Test
    void aMessageTypedInOneScreenAppearsInTheOthers() throws Exception {
        try (TmuxSession alice = tui("alice", "--display-name", "alice")) {
            int port = alice.sesamePort();
            try (TmuxSession bob = tui("bob", "--display-name", "bob", "--peer", "127.0.0.1:" + port);
                 TmuxSession carol = tui("carol", "--display-name", "carol", "--peer", "127.0.0.1:" + port)) {
                alice.waitForText("peers 2 linked");
                bob.waitForText("peers 2 linked");
                carol.waitForText("peers 2 linked");

                bob.typeLine("hello from bob, 中文 and 🐶");
                alice.waitForText("bob: hello from bob, 中文 and 🐶");
                carol.waitForText("bob: hello from bob, 中文 and 🐶");
                bob.waitForText("[delivered 2/2]");

                alice.typeLine("/name alicia");
                bob.waitForText("alice is now known as alicia");
                assertThat(Files.readString(alice.configHome().resolve("sesame/name"))).isEqualTo("alicia");

                carol.keys("C-c"); // like Esc: goodbye to everyone
                carol.waitForText("[exited 0]");
                alice.waitForText("carol left (goodbye)");
                bob.waitForText("carol left (goodbye)");
            }
        }
    }

    @Test
    void pageUpShowsOlderLinesAndEndReturnsToLive() {
        try (TmuxSession alice = tui("alice", 100, 20, "--cover-interval", "20");
             SesameProcess bob = SesameProcess.start("bob", PHRASE, "--display-name", "bob", "--cover-interval", "20",
                     "--peer", "127.0.0.1:" + alice.sesamePort())) {
            bob.await("peer_up");
            for (int i = 1; i <= 40; i++) bob.send(String.format("line %02d", i));
            alice.waitForText("bob: line 40");
            assertThat(alice.screen()).doesNotContain("line 01");

            for (int i = 0; i < 3; i++) alice.keys("PPage");
            // One capture can catch a frame half drawn (tmux reads while the rows go out), so wait
            // for the whole settled screen: the oldest line, the notice, and the newest gone.
            alice.waitFor(s -> s.contains("bob: line 01") && s.contains("SCROLLED BACK to the oldest line") && !s.contains("line 40"),
                    SHORT, "the oldest page with its notice");

            bob.send("line 41");
            alice.waitForText("(1 new)");
            assertThat(alice.screen()).doesNotContain("line 41");
            alice.keys("NPage");
            alice.waitFor(s -> !s.contains("bob: line 01"), SHORT, "page down");
            alice.keys("End");
            alice.waitFor(s -> s.contains("bob: line 41") && !s.contains("SCROLLED BACK"), SHORT, "live again");
        }
    }

    @Test
    void escapeSaysGoodbyeAndGivesTheTerminalBack() {
        try (TmuxSession alice = tui("alice", "--display-name", "alice");
             SesameProcess bob = SesameProcess.start("bob", PHRASE, "--peer", "127.0.0.1:" + alice.sesamePort())) {
            bob.await("peer_up");
            alice.waitForText("peers 1 linked");
            assertThat(alice.paneInfo("#{alternate_on}")).isEqualTo("1");

            alice.keys("Escape");
            bob.await("peer_down", e -> e.path("reason").asText().equals("goodbye"));
            alice.waitForText("[exited 0]");
            assertThat(alice.paneInfo("#{alternate_on}")).isEqualTo("0");
            assertThat(alice.screen()).doesNotContain("peers 1 linked");

            // The shell reads lines again with echo and line editing: the tty modes were restored.
            alice.typeLine("echo MODES $(stty -a | tr -s ' ;' '\\n' | grep -x -e echo -e -echo -e icanon -e -icanon -e isig -e -isig"
                    + " | sort) END-$((6*7))");
            String modes = alice.waitFor(Pattern.compile("(?m)^MODES (.*) END-42$"), SHORT).group(1);
            assertThat(modes.split(" ")).contains("echo", "icanon", "isig").doesNotContain("-echo", "-icanon", "-isig");
        }
    }

    @Test
    void f12EndsAtOnceWithoutAGoodbyeAndLeavesNothingOnScreen() throws Exception {
        try (TmuxSession alice = tui("alice", "--display-name", "alice");
             SesameProcess bob = SesameProcess.start("bob", PHRASE, "--peer", "127.0.0.1:" + alice.sesamePort())) {
            bob.await("peer_up");
            alice.typeLine("a line nobody should see later");
            bob.await("message", e -> e.path("text").asText().equals("a line nobody should see later"));
            ProcessHandle program = alice.program().orElseThrow();

            long start = System.nanoTime();
            alice.keys("F12");
            long delivered = System.nanoTime(); // tmux has written the key to the terminal
            // Polled, not awaited: the program is not our child (tmux started it), and the JDK
            // learns of a non-child's exit only by polling, every 300 ms or so, too coarse to time.
            while (program.isAlive() && System.nanoTime() - start < 5_000_000_000L) Thread.sleep(2);
            long end = System.nanoTime();
            long afterKey = (end - delivered) / 1_000_000;
            System.out.println("TerminalUiIT: F12 to process exit: " + afterKey + " ms after the key reached the terminal, "
                    + (end - start) / 1_000_000 + " ms including tmux send-keys");
            assertThat(program.isAlive()).isFalse();
            assertThat(afterKey).as("F12 to exit (about 40 ms measured; the JVM's 300 ms exit wait would fail this)")
                    .isLessThan(200);

            JsonNode down = bob.await("peer_down");
            assertThat(down.path("reason").asText()).isNotEqualTo("goodbye");
            alice.waitForText("[exited 0]");
            assertThat(alice.paneInfo("#{alternate_on}")).isEqualTo("0");
            String everything = alice.everything();
            assertThat(everything).doesNotContain("a line nobody should see later").doesNotContain("--phrase-file");
        }
    }

    @Test
    void decoyModeShowsARedDecoyMarkerAndWritesNothing() throws Exception {
        try (TmuxSession alice = tui("alice", "--decoy", "--display-name", "alice")) {
            String screen = alice.waitForText(" DECOY ");
            assertThat(line(screen, 0)).startsWith(" DECOY ");
            assertThat(screen).doesNotContain(" REAL ");
            String title = line(alice.screenWithEscapes(), 0);
            assertThat(title.substring(0, title.indexOf("DECOY"))).contains("41m"); // red background
            try (var files = Files.walk(alice.configHome())) {
                assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
            }
        }
    }

    @Test
    void verifyShowsTheSameSafetyNumberOnBothSidesAndMarksThePeer() {
        try (TmuxSession alice = tui("alice", "--display-name", "alice");
             SesameProcess bob = SesameProcess.start("bob", PHRASE, "--display-name", "bob",
                     "--peer", "127.0.0.1:" + alice.sesamePort())) {
            bob.await("peer_up");
            alice.waitForText("peers 1 linked");
            alice.typeLine("/verify bob");
            Matcher digits = alice.waitFor(Pattern.compile("(\\d{5} \\d{5} \\d{5} \\d{5} \\d{5} \\d{5})"), SHORT);

            bob.send("/verify alice");
            JsonNode theirs = bob.await("safety_number");
            assertThat(digits.group(1)).isEqualTo(theirs.path("digits").asText());
            assertThat(alice.screen()).contains(theirs.path("emoji").asText());

            alice.typeLine("/verify bob ok");
            alice.waitForText("\u2713 verified: bob [" + bob.ready().path("fingerprint").asText() + "] is marked");
            bob.send("still here");
            alice.waitForText("bob \u2713: still here");
        }
    }

    @Test
    void aDisappearingMessageCountsDownAndVanishesFromBothScreens() {
        try (TmuxSession alice = tui("alice", "--display-name", "alice")) {
            try (TmuxSession bob = tui("bob", "--display-name", "bob", "--peer", "127.0.0.1:" + alice.sesamePort())) {
                alice.waitForText("peers 1 linked");
                alice.typeLine("/ttl 5");
                alice.waitForText("your messages now disappear after 5s");
                alice.typeLine("these words will vanish");
                bob.waitFor(Pattern.compile("alice: these words will vanish +\\[\\ds left\\]"), SHORT);
                alice.waitFor(Pattern.compile("alice: these words will vanish .*\\[\\ds left\\]"), SHORT);
                bob.waitUntilGone("these words will vanish", Duration.ofSeconds(15));
                alice.waitUntilGone("these words will vanish", Duration.ofSeconds(15));
            }
        }
    }

    @Test
    void escapeSequencesFromAPeerArePrintedAsHarmlessText() {
        try (TmuxSession alice = tui("alice", "--display-name", "alice");
             SesameProcess bob = SesameProcess.start("bob", PHRASE, "--display-name", "bob",
                     "--peer", "127.0.0.1:" + alice.sesamePort())) {
            bob.await("peer_up");
            bob.send("before the storm");
            alice.waitForText("bob: before the storm");

            bob.send("\u001b[2J\u001b[31mRED\u001b]0;title\u0007 after \u202eevil\u202c \u009b31m");
            String screen = alice.waitForText("bob: ^[[2J^[[31mRED^[]0;title^G after evil \uFFFD31m");
            assertThat(screen).contains("bob: before the storm"); // not cleared
            // The title is ours (unread counts, docs/USAGE.md "Noticing activity"), never the peer's OSC 0.
            assertThat(alice.paneInfo("#{pane_title}")).matches("sesame \\(2 new\\)").doesNotContain("title");
            String coloured = alice.screenWithEscapes().lines().filter(l -> l.contains("RED")).findFirst().orElseThrow();
            assertThat(coloured).doesNotContain("\u001b[31m").doesNotContain("\u001b[41m").doesNotContain("\u001b]");
        }
    }

    @Test
    void resizingRedrawsTheBarsInPlaceAndRewrapsTheHistory() {
        String longLine = "the quick brown fox jumps over the lazy dog and then runs all the way"
                + " to the end of a very long sentence that has to wrap on a narrow screen ENDWORD";
        try (TmuxSession alice = tui("alice", "--display-name", "alice");
             SesameProcess bob = SesameProcess.start("bob", PHRASE, "--display-name", "bob",
                     "--peer", "127.0.0.1:" + alice.sesamePort())) {
            bob.await("peer_up");
            bob.send(longLine);
            alice.waitForText("ENDWORD");

            alice.resize(60, 20);
            String narrow = alice.waitFor(s -> barsInPlace(s, 20), SHORT, "both bars and the input line in place at 60x20");
            assertThat(narrow).contains("ENDWORD");
            assertThat(narrow.lines().filter(l -> l.startsWith("      ") || l.contains("bob: the quick")).count())
                    .as("the message re-wrapped to several rows").isGreaterThanOrEqualTo(3);

            alice.resize(120, 40);
            String wide = alice.waitFor(s -> barsInPlace(s, 40), SHORT, "both bars and the input line in place at 120x40");
            assertThat(wide).contains("bob: the quick brown fox").contains("ENDWORD");
        }
    }

    /** Title on the first row, status bar on the second-to-last, input line on the last, nothing of them elsewhere. */
    private static boolean barsInPlace(String screen, int rows) {
        if (screen.lines().count() != rows) return false;
        if (!line(screen, 0).startsWith(" REAL  alice") || !line(screen, rows - 2).startsWith(" REAL  peers 1 linked")
                || !line(screen, rows - 1).startsWith(">")) {
            return false;
        }
        for (int row = 1; row < rows - 2; row++) if (line(screen, row).contains(" REAL ")) return false;
        return true;
    }

    @Test
    void aNameThatCannotBeSavedIsReportedOnScreen() throws Exception {
        try (TmuxSession alice = TmuxSession.start("alice", 100, 30)) {
            Files.writeString(alice.configHome().resolve("sesame"), "a file where the folder should be");
            alice.startSesame(PHRASE, "--display-name", "alice");
            alice.waitForText("could not save the display name");
            alice.keys("Escape");
            alice.waitForText("[exited 0]");
        }
    }
}
