package dev.sesame.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.SesameProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * No message from the network can make a node exit or panic (the reference let any member shut
 * the mesh down): a peer's GOODBYE only ends that link; garbage, truncated TLS and a wrong
 * phrase are turned away; the node keeps listening and chatting, and exits only when its own
 * person says so.
 */
class NoRemoteExitIT {
    private static final String PHRASE = "stay up";

    @Test
    void goodbyeGarbageAndWrongPhrasesNeverMakeANodeExit() throws Exception {
        try (SesameProcess alice = SesameProcess.start("alice", PHRASE, "--bind", "127.0.0.1")) {
            // A real peer says goodbye.
            try (SesameProcess bob = SesameProcess.start("bob", PHRASE, "--bind", "127.0.0.1", "--peer", alice.address())) {
                alice.await("peer_up", e -> e.path("peer_id").asText().equals(bob.peerId()));
                bob.await("peer_up", e -> e.path("peer_id").asText().equals(alice.peerId()));
                bob.send("/quit");
                assertThat(bob.awaitExit(Duration.ofSeconds(15))).isZero();
                alice.await("peer_down", e -> e.path("peer_id").asText().equals(bob.peerId())
                        && e.path("reason").asText().equals("goodbye"));
            }
            // Garbage: random bytes, a half TLS record, a connection that just closes.
            Random random = new Random(42);
            for (int size : new int[] {1, 5, 517, 4096, 70_000}) {
                byte[] junk = new byte[size];
                random.nextBytes(junk);
                if (size == 5) junk = new byte[] {0x16, 0x03, 0x01, 0x40, 0x00}; // a TLS header promising 16 KiB, then nothing
                send(alice.port(), junk);
            }
            // A wrong phrase.
            try (SesameProcess mallory = SesameProcess.start("mallory", "not the phrase", "--bind", "127.0.0.1",
                    "--peer", alice.address())) {
                mallory.await("auth_failed");
                alice.await("auth_failed");
            }
            // Still alive, still answering, still accepting the right phrase.
            assertThat(alice.process().isAlive()).isTrue();
            int mark = alice.mark();
            alice.send("/peers");
            alice.awaitSince(mark, e -> e.path("event").asText().equals("peers"), Duration.ofSeconds(10));
            try (SesameProcess carol = SesameProcess.start("carol", PHRASE, "--bind", "127.0.0.1", "--peer", alice.address())) {
                alice.await("peer_up", e -> e.path("peer_id").asText().equals(carol.peerId()));
                carol.send("/panic"); // carol's panic is hers alone
                assertThat(carol.awaitExit(Duration.ofSeconds(5))).isZero();
                alice.await("peer_down", e -> e.path("peer_id").asText().equals(carol.peerId()));
            }
            assertThat(alice.process().isAlive()).isTrue();
            assertThat(alice.events("bye")).isEmpty();
            alice.send("/quit");
            assertThat(alice.awaitExit(Duration.ofSeconds(15))).isZero();
        }
    }

    private static void send(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // the node may reset us mid-write: that is its right
        }
    }
}
