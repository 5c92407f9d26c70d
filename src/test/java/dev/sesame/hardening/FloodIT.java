package dev.sesame.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.link.Link;
import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TestNode;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A flooding member (docs/SECURITY.md, "Failure policy"): a member that knows the phrase sends
 * chat messages to alice as fast as its link takes them, cover traffic off. Alice and bob keep
 * talking: every one of their messages arrives and is acknowledged, alice's memory stays
 * bounded, nobody crashes. The latency between alice and bob is measured before and during the
 * flood and printed (docs/SECURITY.md, "Figures"); it is not asserted.
 */
class FloodIT {
    private static final String PHRASE = "flood phrase";
    private static final int PROBES = 20;
    /** Alice runs with -Xmx256m; resident memory above this means something grows without bound. */
    private static final long RSS_LIMIT_KB = 512 * 1024;

    @Test
    void aFloodingMemberDoesNotStopTheOthersOrExhaustMemory() throws Exception {
        assumeTrue(ProcFs.available(), "needs /proc to read alice's memory");
        try (SesameProcess alice = SesameProcess.start("alice", PHRASE, "--cover", "off");
             SesameProcess bob = SesameProcess.start("bob", PHRASE, "--cover", "off", "--peer", alice.address());
             TestNode flooder = new TestNode(PHRASE)) {
            alice.await("peer_up", e -> e.path("peer_id").asText().equals(bob.peerId()));
            bob.await("peer_up");
            long unloaded = medianLatencyMillis(alice, bob, "calm");

            int before = alice.mark();
            Link link = flooder.openLink(alice.port());
            link.send(new PeerMessage.Profile("flood"));
            alice.awaitSince(before, e -> e.path("event").asText().equals("peer_up"), SesameProcess.DEFAULT_WAIT);
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong queued = new AtomicLong();
            SecureRandom random = new SecureRandom();
            String text = "x".repeat(100);
            Thread flood = Thread.ofPlatform().name("flood").start(() -> {
                while (flooding.get() && link.isOpen()) {
                    if (link.send(new PeerMessage.Chat(MessageId.random(random), false, 0, text))) queued.incrementAndGet();
                    else Thread.onSpinWait(); // the link's queue is full: as fast as it drains
                }
            });
            // Let the flood build up before measuring.
            alice.awaitCount(e -> e.path("event").asText().equals("message") && e.path("from").asText().equals(flooder.identity.peerId().hex()),
                    2000, Duration.ofSeconds(60));
            long maxRss = 0;
            long loaded;
            try {
                loaded = medianLatencyMillis(alice, bob, "flood");
                maxRss = ProcFs.statusKb(alice.pid(), "VmRSS");
            } finally {
                flooding.set(false);
                flood.join();
            }
            long shown = alice.events("message").stream().filter(e -> e.path("from").asText().equals(flooder.identity.peerId().hex())).count();
            System.out.printf("FloodIT: alice->bob one-hop latency, median of %d: %d ms calm, %d ms under the flood (%.1fx);"
                    + " flood messages queued by the flooder %d, shown by alice %d; alice VmRSS %d KiB%n",
                    PROBES, unloaded, loaded, (double) loaded / Math.max(1, unloaded), queued.get(), shown, maxRss);
            assertThat(alice.process().isAlive()).isTrue();
            assertThat(bob.process().isAlive()).isTrue();
            assertThat(maxRss).as("alice's resident memory under the flood, KiB").isLessThan(RSS_LIMIT_KB);
            assertThat(alice.events("undelivered")).as("nothing of alice's is lost").isEmpty();
            link.abort();
        }
    }

    /** Sends {@link #PROBES} messages from alice to bob, one at a time; each must arrive and be acknowledged. */
    private static long medianLatencyMillis(SesameProcess alice, SesameProcess bob, String label) {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < PROBES; i++) {
            int mark = alice.mark();
            alice.send(label + " probe " + i);
            JsonNode sent = alice.awaitSince(mark, e -> e.path("event").asText().equals("sent"), SesameProcess.DEFAULT_WAIT);
            String id = sent.path("id").asText();
            JsonNode received = bob.await("message", e -> e.path("id").asText().equals(id));
            alice.awaitSince(mark, e -> e.path("event").asText().equals("delivered") && e.path("id").asText().equals(id),
                    SesameProcess.DEFAULT_WAIT);
            latencies.add(received.path("ts").asLong() - sent.path("ts").asLong());
        }
        latencies.sort(null);
        return latencies.get(latencies.size() / 2);
    }
}
