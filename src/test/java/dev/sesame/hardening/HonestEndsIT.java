package dev.sesame.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TmuxSession;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Honest ends (docs/SECURITY.md): a receipt only for a message that reached a reader, a broken
 * stdout or a lost terminal ends the node with a goodbye, signals leave like {@code /quit},
 * and the launcher keeps JVM options from the environment out.
 */
class HonestEndsIT {
    private static final String PHRASE = "honest ends phrase";
    private static final Duration EXIT_WAIT = Duration.ofSeconds(15);

    @Test
    void aClosedStdoutIsNeverAcknowledgedAndEndsTheNodeWithAGoodbye() throws Exception {
        Path dir = Files.createTempDirectory("sesame-fifo");
        File fifo = dir.resolve("bob-stdout").toFile();
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        // Opening a FIFO blocks until both ends are open: the reader first, on its own thread.
        CompletableFuture<FileInputStream> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return new FileInputStream(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (SesameProcess alice = SesameProcess.start("alice", PHRASE)) {
            try (SesameProcess bob = SesameProcess.startWithStdout("bob", fifo, PHRASE, "--peer", alice.address())) {
                FileInputStream bobStdout = reader.get(30, TimeUnit.SECONDS);
                BufferedReader lines = new BufferedReader(new InputStreamReader(bobStdout, StandardCharsets.UTF_8));
                String line;
                while ((line = lines.readLine()) != null && !line.contains("\"peer_up\"")) { /* until bob is linked */ }
                assertThat(line).as("bob's peer_up on its stdout").isNotNull();
                String bobId = alice.await("peer_up").path("peer_id").asText(); // bob's own events go to the FIFO
                bobStdout.close(); // the reader of bob's stdout goes away

                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    int mark = alice.mark();
                    alice.send("nobody reads this " + i);
                    ids.add(alice.awaitSince(mark, e -> e.path("event").asText().equals("sent"), SesameProcess.DEFAULT_WAIT)
                            .path("id").asText());
                }
                assertThat(bob.awaitExit(EXIT_WAIT)).as("exit code of a node whose stdout broke").isEqualTo(3);
                assertThat(bob.stderr()).contains("stdout is closed");
                alice.await("peer_down", e -> e.path("reason").asText().equals("goodbye"));
                // Messages sent once bob had left are addressed to nobody; each one addressed to bob ends undelivered.
                List<String> toBob = alice.events("sent").stream()
                        .filter(e -> ids.contains(e.path("id").asText()) && e.path("to").toString().contains("\"" + bobId + "\""))
                        .map(e -> e.path("id").asText()).toList();
                assertThat(toBob).as("messages addressed to bob").isNotEmpty();
                for (String id : toBob) alice.await("undelivered", e -> e.path("id").asText().equals(id));
                assertThat(alice.events("delivered")).as("receipts for messages nobody could read").isEmpty();
            }
        }
    }

    @Test
    void aReceiptFollowsTheMessageOnStdout() {
        try (SesameProcess alice = SesameProcess.start("alice", PHRASE);
             SesameProcess bob = SesameProcess.start("bob", PHRASE, "--peer", alice.address())) {
            alice.await("peer_up");
            bob.await("peer_up");
            alice.send("read me");
            String id = alice.await("sent").path("id").asText();
            alice.await("delivered", e -> e.path("id").asText().equals(id));
            // By the time alice has the receipt, bob's stdout already carried the message.
            assertThat(bob.events("message")).anyMatch(e -> e.path("id").asText().equals(id));
        }
    }

    @ParameterizedTest(name = "SIG{0} leaves with a goodbye")
    @CsvSource({"TERM, 15", "HUP, 1", "INT, 2"})
    void aSignalLeavesLikeQuit(String signal, int number) throws Exception {
        try (SesameProcess alice = SesameProcess.start("alice", PHRASE);
             SesameProcess bob = SesameProcess.start("bob", PHRASE, "--peer", alice.address())) {
            alice.await("peer_up");
            bob.await("peer_up");
            assumeFalse(ProcFs.signalIgnored(bob.pid(), number),
                    "SIG" + signal + " was ignored when this test's JVM started its children (a background job?);"
                            + " an ignored signal stays ignored, so there is nothing to test here");
            kill(signal, bob.pid());
            assertThat(bob.awaitExit(EXIT_WAIT)).isEqualTo(128 + number);
            bob.await("bye");
            assertThat(bob.stderr()).contains("SIG" + signal + " received");
            alice.await("peer_down", e -> e.path("reason").asText().equals("goodbye"));
        }
    }

    @Test
    void aSecondSignalExitsAtOnce() throws Exception {
        // One cell per 10 s: bob's goodbye waits the whole flush timeout (1.5 s) for its cell, so
        // the second signal surely arrives while bob is still saying goodbye.
        try (SesameProcess alice = SesameProcess.start("alice", PHRASE, "--cover-interval", "10000");
             SesameProcess bob = SesameProcess.start("bob", PHRASE, "--cover-interval", "10000", "--peer", alice.address())) {
            alice.await("peer_up");
            bob.await("peer_up");
            kill("TERM", bob.pid());
            awaitStderr(bob, "SIGTERM received; saying goodbye");
            kill("TERM", bob.pid());
            assertThat(bob.awaitExit(EXIT_WAIT)).isEqualTo(143);
            assertThat(bob.stderr()).contains("SIGTERM received again; exiting now");
        }
    }

    private static void awaitStderr(SesameProcess node, String text) throws InterruptedException {
        long deadline = System.nanoTime() + SesameProcess.DEFAULT_WAIT.toNanos();
        while (!node.stderr().contains(text)) {
            if (System.nanoTime() > deadline) throw new AssertionError(node + ": no \"" + text + "\" on stderr: " + node.stderr());
            Thread.sleep(10); // polling stderr: SesameProcess has no stderr events to wait on
        }
    }

    @Test
    void losingTheTerminalSaysGoodbye() {
        try (SesameProcess bob = SesameProcess.start("bob", PHRASE)) {
            TmuxSession alice = TmuxSession.start("lost", 100, 30);
            try {
                alice.startSesame(PHRASE, "--peer", bob.address());
                bob.await("peer_up");
                // Bob's peer_up comes first; until Alice's mesh has the link too, it has nobody to say goodbye to.
                alice.waitForText("peers 1 linked");
            } finally {
                alice.close(); // the terminal goes away with the tmux server
            }
            bob.await("peer_down", e -> e.path("reason").asText().equals("goodbye"));
        }
    }

    @Test
    void theLauncherKeepsJvmOptionsFromTheEnvironmentOut() throws Exception {
        String cleared = launcherStderr(false);
        assertThat(cleared).contains("ignoring JAVA_TOOL_OPTIONS").contains("ignoring JDK_JAVA_OPTIONS")
                .doesNotContain("Picked up");
        // The JVM's own "Picked up ..." lines prove the variables reach it when allowed.
        String allowed = launcherStderr(true);
        assertThat(allowed).contains("Picked up JAVA_TOOL_OPTIONS").contains("Picked up JDK_JAVA_OPTIONS");
    }

    private static String launcherStderr(boolean allow) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(SesameProcess.projectRoot().resolve("sesame").toString(), "--version");
        builder.environment().put("SESAME_NO_BUILD", "1");
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Dsesame.test.tool=1");
        builder.environment().put("JDK_JAVA_OPTIONS", "-Dsesame.test.jdk=1");
        if (allow) builder.environment().put("SESAME_JVM_OPTIONS_OK", "1");
        else builder.environment().remove("SESAME_JVM_OPTIONS_OK");
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(stderr).isZero();
        return stderr;
    }

    private static void kill(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
