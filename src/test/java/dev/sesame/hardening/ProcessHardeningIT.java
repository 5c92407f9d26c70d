package dev.sesame.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.SesameProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Memory and process hardening, read from {@code /proc} of the running JVM (the launcher
 * {@code exec}s java, so the process we started is the JVM): locked secret memory (VmLck),
 * no core file (RLIMIT_CORE 0), not dumpable (PR_SET_DUMPABLE 0: /proc/PID files turn
 * root-owned), no attach; and the reduced-guarantee path when memory cannot be locked.
 */
class ProcessHardeningIT {
    private static final String PHRASE = "hardening test phrase";

    @BeforeAll
    static void linuxOnly() {
        assumeTrue(ProcFs.available(), "needs Linux /proc");
    }

    @Test
    void nodeLocksItsSecretMemoryAndCanNeverWriteACoreFile() {
        try (SesameProcess alice = SesameProcess.start("alice", PHRASE, "--bind", "127.0.0.1")) {
            JsonNode ready = alice.ready();
            long pid = alice.pid();
            assertThat(ProcFs.commandLine(pid)).contains("sesame.jar"); // the JVM itself, not a shell
            long locked = ProcFs.statusKb(pid, "VmLck");
            System.out.printf("VmLck as %s: %d kB%n", Tools.isRoot() ? "root" : "this user", locked);
            assertThat(ready.path("memory_locked").asBoolean()).isTrue();
            assertThat(ready.path("warnings")).isEmpty();
            assertThat(locked).isGreaterThanOrEqualTo(64); // at least the first 64 KiB chunk of secret slots
            assertThat(ProcFs.limit(pid, "Max core file size")).containsExactly("0", "0");
        }
    }

    @Test
    void launcherDisablesHeapDumpsCrashFilesAttachAndPerfData() throws Exception {
        try (SesameProcess alice = SesameProcess.start("alice", PHRASE, "--bind", "127.0.0.1")) {
            alice.ready();
            String command = ProcFs.commandLine(alice.pid());
            assertThat(command).contains("-XX:+DisableAttachMechanism", "-XX:-UsePerfData",
                    "-XX:-HeapDumpOnOutOfMemoryError", "-XX:+ExitOnOutOfMemoryError", "-XX:-CreateCoredumpOnCrash",
                    "-XX:ErrorFile=/dev/null");
            // And the attach mechanism really refuses: jcmd (as root, the strongest local user) gets nothing.
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            assumeTrue(jcmd.toFile().canExecute(), "no jcmd in this JDK");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(alice.pid()), "VM.version")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            System.out.println("jcmd against a node: exit " + p.exitValue() + ": " + out.strip().lines().findFirst().orElse(""));
            assertThat(p.exitValue()).isNotZero();
            assertThat(out).doesNotContain("JDK 25");
        }
    }

    @Test
    void asAnUnprivilegedUserTheNodeLocksMemoryAndIsNotDumpable() throws IOException {
        assumeTrue(Tools.canDropPrivileges(), "needs root with setpriv and prlimit to run a node as nobody");
        Path phrase = Tools.worldReadablePhraseFile(PHRASE);
        try (SesameProcess nobody = SesameProcess.startRaw("nobody", concat(Tools.asNobody(null), Tools.sesame(phrase)))) {
            JsonNode ready = nobody.ready();
            long pid = nobody.pid();
            assertThat(ProcFs.statusField(pid, "Uid")).startsWith(Tools.NOBODY + "\t");
            long locked = ProcFs.statusKb(pid, "VmLck");
            System.out.printf("VmLck as nobody (RLIMIT_MEMLOCK %s): %d kB%n", ProcFs.limit(pid, "Max locked memory"), locked);
            assertThat(ready.path("memory_locked").asBoolean()).isTrue();
            assertThat(locked).isGreaterThanOrEqualTo(64);
            assertThat(ProcFs.limit(pid, "Max core file size")).containsExactly("0", "0");
            // PR_SET_DUMPABLE 0: the kernel hands /proc/PID to root, so other processes of the same user
            // cannot read its memory or attach a debugger.
            assertThat(ProcFs.ownerUid(pid, "environ")).isZero();
            assertThat(ProcFs.ownerUid(pid, "mem")).isZero();
        }
    }

    @Test
    void withoutLockableMemoryTheNodeWarnsOnceAndCarriesOn() {
        assumeTrue(Tools.canDropPrivileges(), "needs root with setpriv and prlimit to run a node as nobody");
        Path phrase = Tools.worldReadablePhraseFile(PHRASE);
        try (SesameProcess nobody = SesameProcess.startRaw("nobody", concat(Tools.asNobody(0L), Tools.sesame(phrase)));
             SesameProcess bob = SesameProcess.start("bob", PHRASE, "--bind", "127.0.0.1", "--peer", nobody.address())) {
            JsonNode ready = nobody.ready();
            assertThat(ready.path("memory_locked").asBoolean()).isFalse();
            List<String> warnings = new ArrayList<>();
            ready.path("warnings").forEach(w -> warnings.add(w.asText()));
            System.out.println("warnings with RLIMIT_MEMLOCK 0: " + warnings);
            assertThat(warnings).filteredOn(w -> w.contains("not locked")).hasSize(1);
            assertThat(warnings.getFirst()).contains("RLIMIT_MEMLOCK");
            assertThat(ProcFs.statusKb(nobody.pid(), "VmLck")).isZero();
            // The node carries on: it links and chats as usual.
            nobody.await("peer_up", e -> e.path("peer_id").asText().equals(bob.peerId()));
            bob.await("peer_up", e -> e.path("peer_id").asText().equals(nobody.peerId()));
            bob.send("still works");
            nobody.await("message", e -> e.path("text").asText().equals("still works"));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
