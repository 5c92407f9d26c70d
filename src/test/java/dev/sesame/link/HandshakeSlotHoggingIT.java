package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.testing.SesameProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Review finding: 16 handshake slots for the whole node, 8 per address, each held up to
 * 10 s (TLS) + 15 s (phrase) by a client that says nothing. Two source addresses (two hosts,
 * one host with two IPv4 addresses, or any IPv6 host) that keep 8 silent connections each,
 * re-opening them as the node drops them, make the node refuse every other incoming connection
 * ({@code busy}) for as long as they like, at the cost of 16 idle TCP connections.
 */
class HandshakeSlotHoggingIT {
    @Test
    void twoSilentSourcesDoNotLockEveryoneElseOut() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Socket> open = new ArrayList<>();
        try (SesameProcess node = SesameProcess.start("node", "open sesame")) {
            node.ready();
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", node.port());
            List<Thread> hogs = new ArrayList<>();
            for (String source : new String[] {"127.0.0.2", "127.0.0.3"}) {
                for (int i = 0; i < Limits.DEFAULT_MAX_LINKS_PER_ADDRESS; i++) {
                    hogs.add(Thread.ofVirtual().start(() -> {
                        while (running.get()) {
                            try (Socket s = new Socket()) {
                                s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
                                s.connect(target, 1000);
                                synchronized (open) {
                                    open.add(s);
                                    open.notifyAll();
                                }
                                s.getInputStream().read(); // silent until the node gives up on us
                            } catch (IOException e) {
                                // refused or dropped: open another one at once
                            }
                        }
                    }));
                }
            }
            // Wait until both sources hold every handshake slot they may have.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (open) {
                    if (open.stream().filter(s -> !s.isClosed()).count() >= 2L * Limits.MAX_HANDSHAKES_PER_SOURCE) break;
                    open.wait(50);
                }
            }
            int mark = node.mark();
            try (SesameProcess peer = SesameProcess.start("peer", "open sesame", "--peer", node.address())) {
                // Two honest nodes normally link in well under a second.
                var up = node.awaitSince(mark, e -> e.path("event").asText().equals("peer_up"), Duration.ofSeconds(25));
                assertThat(up).as("an honest peer links while two addresses hold silent connections").isNotNull();
            }
        } finally {
            running.set(false);
            synchronized (open) {
                for (Socket s : open) s.close();
            }
        }
    }
}
