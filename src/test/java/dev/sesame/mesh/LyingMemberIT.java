package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.link.CloseReason;
import dev.sesame.link.Link;
import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TestNode;
import dev.sesame.wire.PeerMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A member who knows the phrase and lies in its announcements: ten thousand addresses, the
 * victim's own address and id. The victim keeps its caps and never dials itself.
 */
class LyingMemberIT {
    @Test
    void tenThousandAnnouncedAddressesAndTheVictimsOwnDoNotMakeItScanOrDialItself() throws Exception {
        SecureRandom random = new SecureRandom();
        try (SesameProcess victim = SesameProcess.start("victim", "open sesame", "--cover", "off");
             TestNode liar = new TestNode("open sesame");
             ServerSocket sink = new ServerSocket()) {
            sink.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            Set<InetAddress> dialled = ConcurrentHashMap.newKeySet();
            AtomicInteger open = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            AtomicInteger total = new AtomicInteger();
            Thread.ofVirtual().start(() -> countDials(sink, dialled, open, mostAtOnce, total));

            Link link = liar.openLink(victim.port());
            link.send(new PeerMessage.Profile("liar"));
            victim.await("peer_up", e -> e.path("name").asText().equals("liar"));
            byte[] victimId = java.util.HexFormat.of().parseHex(victim.peerId());
            int announced = 0;
            while (announced < 10_000) {
                List<PeerMessage.PeerAddress> batch = new ArrayList<>();
                // The victim's own address under a random id, and its own id at a random address.
                batch.add(PeerMessage.PeerAddress.direct(id(random), "127.0.0.1", victim.port()));
                batch.add(PeerMessage.PeerAddress.direct(victimId, "127.0.0.1", sink.getLocalPort()));
                while (batch.size() < Limits.MAX_ANNOUNCED_PEERS) {
                    int n = announced++;
                    String host = "127." + (1 + n / 62500) + "." + (n / 250 % 250) + "." + (1 + n % 250);
                    batch.add(PeerMessage.PeerAddress.direct(id(random), host, sink.getLocalPort()));
                }
                while (!link.send(new PeerMessage.Peers(batch))) Thread.onSpinWait();
            }
            // Watch the victim for a while: this window is what is measured.
            Thread.sleep(Duration.ofSeconds(8));
            int expectedAtMost = Limits.ANNOUNCED_DIAL_BURST
                    + (int) (Duration.ofSeconds(12).toNanos() / Limits.ANNOUNCED_DIAL_REFILL.toNanos());
            assertThat(mostAtOnce.get()).as("dials at once").isLessThanOrEqualTo(Limits.MAX_CONCURRENT_DIALS);
            assertThat(total.get()).as("dials in all").isLessThanOrEqualTo(expectedAtMost).isGreaterThan(0);
            assertThat(dialled.size()).isLessThanOrEqualTo(Limits.MAX_KNOWN_CANDIDATES);
            assertThat(victim.events("rejected").stream().map(e -> e.path("reason").asText())).doesNotContain("self_connection");
            assertThat(victim.events("peer_up")).hasSize(1);
            link.close(CloseReason.LOCAL, CloseReason.LOCAL);
        }
    }

    /**
     * An announcement that names the wrong id for a real node's address: the victim dials it,
     * finds the real node (which passes the handshake), keeps that link and shows the real id.
     */
    @Test
    void anAnnouncementWithTheWrongIdStillYieldsAnHonestLinkUnderTheRealId() throws Exception {
        SecureRandom random = new SecureRandom();
        try (SesameProcess victim = SesameProcess.start("victim", "open sesame", "--cover", "off");
             SesameProcess honest = SesameProcess.start("honest", "open sesame", "--cover", "off");
             TestNode liar = new TestNode("open sesame")) {
            honest.ready();
            Link link = liar.openLink(victim.port());
            link.send(new PeerMessage.Profile("liar"));
            byte[] wrongId = id(random);
            link.send(new PeerMessage.Peers(List.of(PeerMessage.PeerAddress.direct(wrongId, "127.0.0.1", honest.port()))));
            victim.await("peer_up", e -> e.path("peer_id").asText().equals(honest.peerId()));
            assertThat(victim.events("peer_up").stream().map(e -> e.path("peer_id").asText()))
                    .doesNotContain(java.util.HexFormat.of().formatHex(wrongId));
            link.close(CloseReason.LOCAL, CloseReason.LOCAL);
        }
    }

    private static byte[] id(SecureRandom random) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return id;
    }

    /** Accepts and drops every connection, noting which announced address it was aimed at. */
    private static void countDials(ServerSocket sink, Set<InetAddress> dialled, AtomicInteger open,
                                   AtomicInteger mostAtOnce, AtomicInteger total) {
        while (!sink.isClosed()) {
            try {
                Socket s = sink.accept();
                total.incrementAndGet();
                dialled.add(s.getLocalAddress());
                mostAtOnce.accumulateAndGet(open.incrementAndGet(), Math::max);
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        s.getInputStream().readAllBytes(); // until the victim gives up on it
                    } catch (IOException e) {
                        // dropped
                    } finally {
                        open.decrementAndGet();
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }
}
