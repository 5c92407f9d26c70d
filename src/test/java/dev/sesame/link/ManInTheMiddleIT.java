package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The test that proves channel binding. A man in the middle on loopback terminates TLS on both
 * sides (his own certificates, which our trust manager accepts: any self-signed Ed25519 one
 * passes TLS) and relays every handshake byte between them. He even knows the phrase. J-PAKE
 * runs end to end and succeeds, but each side's TLS exporter is from its session with him, so
 * CONFIRM fails on both sides and no message ever passes.
 */
class ManInTheMiddleIT {
    @Test
    void relayingManInTheMiddleFailsAtConfirmEvenKnowingThePhrase() throws Exception {
        try (TestNode mitm = new TestNode("open sesame");
             SesameProcess alice = SesameProcess.start("alice", "open sesame");
             ServerSocket front = new ServerSocket()) {
            front.bind(new InetSocketAddress("127.0.0.1", 0));
            AtomicLong relayedBytes = new AtomicLong();
            Thread.ofVirtual().start(() -> relay(mitm, front, alice.port(), relayedBytes));
            try (SesameProcess bob = SesameProcess.start("bob", "open sesame", "--peer", "127.0.0.1:" + front.getLocalPort())) {
                bob.await("auth_failed", e -> e.path("reason").asText().equals("confirm_failed"));
                alice.await("auth_failed", e -> e.path("reason").asText().equals("confirm_failed"));
                bob.send("secret for alice");
                bob.await("sent");
                assertThat(alice.events("peer_up")).isEmpty();
                assertThat(bob.events("peer_up")).isEmpty();
                assertThat(alice.events("message")).isEmpty();
                assertThat(relayedBytes.get()).as("the handshake really went through the relay").isGreaterThan(4 * 512);
            }
        }
    }

    private static void relay(TestNode mitm, ServerSocket front, int alicePort, AtomicLong counter) {
        try (Socket fromBob = front.accept()) {
            TlsChannel bobSide = TlsChannel.open(mitm.tls, dev.sesame.transport.TcpTransport.pipe(fromBob), false, Duration.ofSeconds(10), mitm.timer);
            Socket toAlice = new Socket("127.0.0.1", alicePort);
            TlsChannel aliceSide = TlsChannel.open(mitm.tls, dev.sesame.transport.TcpTransport.pipe(toAlice), true, Duration.ofSeconds(10), mitm.timer);
            Thread a = Thread.ofVirtual().start(() -> pump(bobSide.input(), aliceSide.output(), counter));
            pump(aliceSide.input(), bobSide.output(), counter);
            a.join();
            bobSide.close();
            aliceSide.close();
        } catch (IOException | HandshakeException | InterruptedException e) {
            // the test's assertions say what happened; the relay just stops
        }
    }

    private static void pump(InputStream in, OutputStream out, AtomicLong counter) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
                counter.addAndGet(n);
            }
        } catch (IOException e) {
            // a side closed after CONFIRM failed
        }
    }
}
