package dev.sesame.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.RelayProcess;
import dev.sesame.testing.SesameProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No plaintext at the relay: a message that two members exchanged through it never appears in
 * a heap dump of the relay process (all objects, reachable or not), while the dump does hold
 * the relay's own strings (so the search would find text if text were there).
 *
 * <p>For this test only the relay runs without the launcher's {@code -XX:+DisableAttachMechanism}
 * (otherwise {@code jcmd} could not take the dump); every other relay test runs through the launcher.
 */
class RelayHeapDumpIT {
    private static final String PHRASE = "heap dump of the relay";

    @Test
    void aMessageSentThroughTheRelayNeverAppearsInItsHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = SesameProcess.projectRoot().resolve("target/sesame.jar").toString();
        try (RelayProcess relay = RelayProcess.startRaw(List.of(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-jar", jar,
                "relay", "--bind", "127.0.0.1", "--port", "0"));
             SesameProcess alice = node("alice", relay);
             SesameProcess bob = node("bob", relay)) {
            String secret = "known plaintext " + HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(12));
            Await.event(alice, "peer_up");
            for (int i = 0; i < 5; i++) alice.send(secret + " #" + i);
            Await.message(bob, secret + " #4");
            bob.send(secret + " reply");
            Await.message(alice, secret + " reply");

            Path dump = Files.createTempFile("relay-heap", ".hprof");
            Files.delete(dump);
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(relay.pid()), "GC.heap_dump", "-all", dump.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(dump).as("jcmd: %s", out).exists();
            try {
                byte[] heap = Files.readAllBytes(dump);
                System.out.printf("relay heap dump: %d bytes%n", heap.length);
                assertThat(contains(heap, relay.fingerprint().getBytes(StandardCharsets.ISO_8859_1)))
                        .as("the dump holds the relay's own strings").isTrue();
                for (byte[] needle : List.of(secret.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_16LE),
                        secret.getBytes(StandardCharsets.UTF_16BE), "known plaintext".getBytes(StandardCharsets.UTF_8))) {
                    assertThat(contains(heap, needle)).as("plaintext in the relay's heap").isFalse();
                }
            } finally {
                Files.deleteIfExists(dump);
            }
        }
    }

    private static SesameProcess node(String name, RelayProcess relay) {
        return SesameProcess.start(name, PHRASE, "--no-listen", "--relay", relay.pinned(), "--room", "heap-dump");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }
}
