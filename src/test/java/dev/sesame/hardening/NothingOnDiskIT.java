package dev.sesame.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sesame.testing.SesameProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real session under {@code strace -f}: start, link, chat both ways, rename, quit. Every
 * system call that could create, change or remove a file is recorded; the only ones allowed
 * are those that save the display name (its folder, a temporary file and the rename over
 * {@code sesame/name}). In decoy mode not even those: nothing at all. Writes to kernel
 * pseudo-files (/proc, /sys, /dev/null, terminals) are not disk and are left out;
 * {@code /dev/shm} would count.
 */
class NothingOnDiskIT {
    private static final String PHRASE = "nothing on disk";

    @Test
    void aRealSessionWritesOnlyTheDisplayNameFile() throws IOException {
        assumeTrue(Strace.available(), "strace is not installed (.ci/run installs it)");
        List<Strace.FileCall> writes = runTracedSession(false);
        Path config = configHome;
        List<Strace.FileCall> other = new ArrayList<>();
        for (Strace.FileCall call : writes) {
            if (!call.paths().stream().allMatch(p -> displayNameFile(config, p))) other.add(call);
        }
        writes.forEach(c -> System.out.println("write-side call (real): " + c.line()));
        assertThat(other).as("file writes other than the display name").isEmpty();
        assertThat(writes).as("the display name was saved").anyMatch(c -> c.call().startsWith("rename")
                && c.paths().getLast().equals(config.resolve("sesame/name").toString()));
        assertThat(Files.readString(config.resolve("sesame/name"))).isEqualTo("renamed");
    }

    @Test
    void aDecoySessionWritesNothingAndNeverTouchesTheConfigFolder() throws IOException {
        assumeTrue(Strace.available(), "strace is not installed (.ci/run installs it)");
        List<Strace.FileCall> writes = runTracedSession(true);
        writes.forEach(c -> System.out.println("write-side call (decoy): " + c.line()));
        assertThat(writes).as("decoy mode writes nothing").isEmpty();
        assertThat(Strace.read(log)).as("decoy mode does not even look for the name file")
                .noneMatch(c -> c.paths().stream().anyMatch(p -> p.startsWith(configHome.toString())));
        try (var left = Files.list(configHome)) {
            assertThat(left).isEmpty();
        }
    }

    private Path log;
    private Path configHome;

    /** Runs alice under strace next to an untraced bob; returns alice's write-side calls outside pseudo-files. */
    private List<Strace.FileCall> runTracedSession(boolean decoy) throws IOException {
        log = Files.createTempFile("sesame-strace", ".log");
        Path phrase = Tools.phraseFile(PHRASE);
        List<String> command = new ArrayList<>(Strace.prefix(log));
        List<String> args = new ArrayList<>(List.of("--display-name", "alice"));
        if (decoy) args.add("--decoy");
        command.addAll(Tools.sesame(phrase, args.toArray(String[]::new)));
        try (SesameProcess alice = SesameProcess.startRaw("alice", command)) {
            String listen = alice.ready().path("listen").asText();
            configHome = Path.of(Tools.environmentOf(alice.pid(), "XDG_CONFIG_HOME"));
            String[] bobArgs = decoy ? new String[] {"--bind", "127.0.0.1", "--decoy", "--peer", listen}
                    : new String[] {"--bind", "127.0.0.1", "--peer", listen};
            try (SesameProcess bob = SesameProcess.start("bob", PHRASE, bobArgs)) {
                alice.await("peer_up", e -> e.path("peer_id").asText().equals(bob.peerId()));
                bob.await("peer_up", e -> e.path("peer_id").asText().equals(alice.peerId()));
                alice.send("hello from the traced side");
                bob.await("message", e -> e.path("text").asText().equals("hello from the traced side"));
                bob.send("hello back " + "x".repeat(2000));
                alice.await("message", e -> e.path("text").asText().startsWith("hello back"));
                alice.send("/name renamed");
                alice.await("info", e -> e.path("text").asText().startsWith("name"));
                alice.send("/stats");
                alice.await("stats");
                alice.send("/quit");
                alice.await("bye");
                assertThat(alice.awaitExit(Duration.ofSeconds(20))).isZero();
            }
        }
        List<Strace.FileCall> writes = new ArrayList<>();
        for (Strace.FileCall call : Strace.read(log)) {
            if (call.writes() && !call.paths().stream().allMatch(Strace::pseudoFile)) writes.add(call);
        }
        assertThat(Strace.read(log)).as("strace recorded the session").hasSizeGreaterThan(50);
        return writes;
    }

    /** The display-name file, its temporary sibling, and the folders on the way to them. */
    private static boolean displayNameFile(Path config, String path) {
        Path p = Path.of(path);
        Path folder = config.resolve("sesame");
        return p.equals(config) || p.equals(folder) || p.equals(folder.resolve("name"))
                || (p.getParent() != null && p.getParent().equals(folder) && p.getFileName().toString().matches("\\.name\\.\\d+\\.tmp"));
    }
}
