package dev.sesame.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.link.Link;
import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TestNode;
import dev.sesame.wire.PeerMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Churn (docs/SECURITY.md, "Failure policy"): a member links and leaves 200 times, half the
 * time by dropping the connection (it comes back under the same identity, as after a network
 * blip) and half the time with a goodbye (it comes back under a new identity, as after a
 * restart: a node refuses a PeerId that said goodbye). The node's threads, open
 * files and resident memory (read from /proc) come back to where they were after the first
 * cycles, and its peer list is right after every cycle that is checked.
 */
class ChurnIT {
    private static final int CYCLES = 200;
    private static final int WARM_UP = 20;
    /** Resident memory may grow this much after warm-up (JIT, heap sizing); a leak per cycle would pass it. */
    private static final long RSS_SLACK_KB = 48 * 1024;

    @Test
    void twoHundredLinksComingAndGoingLeakNothingAndThePeerListStaysRight() throws Exception {
        assumeTrue(ProcFs.available(), "needs /proc to read the node's threads, files and memory");
        try (SesameProcess node = SesameProcess.start("node", "open sesame", "--cover", "off");
             TestNode first = new TestNode("open sesame")) {
            TestNode member = first;
            // Generous: on a loaded machine a JVM start and the Argon2id derivation alone can take 20 s.
            node.awaitSince(0, e -> is(e, "ready"), Duration.ofSeconds(90));
            long pid = node.pid();
            int threads0 = 0;
            int files0 = 0;
            long rss0 = 0;
            int maxThreads = 0;
            int maxFiles = 0;
            long maxRss = 0;
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                int mark = node.mark();
                Link link = member.openLink(node.port());
                link.send(new PeerMessage.Profile("churn"));
                node.awaitSince(mark, e -> is(e, "peer_up"), SesameProcess.DEFAULT_WAIT);
                if (cycle % 25 == 0) assertThat(peerCount(node)).as("peers while linked, cycle %d", cycle).isEqualTo(1);
                int down = node.mark();
                if (cycle % 2 == 0) {
                    link.send(new PeerMessage.Goodbye());
                    link.closeAfterFlush(Duration.ofSeconds(2));
                } else {
                    link.abort();
                }
                node.awaitSince(down, e -> is(e, "peer_down"), SesameProcess.DEFAULT_WAIT);
                if (cycle % 2 == 0) {
                    TestNode next = member.restarted();
                    if (member != first) member.close();
                    member = next;
                }
                if (cycle % 25 == 0) assertThat(peerCount(node)).as("peers after leaving, cycle %d", cycle).isZero();
                if (cycle == WARM_UP) {
                    threads0 = ProcFs.threads(pid);
                    files0 = ProcFs.openFiles(pid);
                    rss0 = ProcFs.statusKb(pid, "VmRSS");
                } else if (cycle > WARM_UP) {
                    maxThreads = Math.max(maxThreads, ProcFs.threads(pid));
                    maxFiles = Math.max(maxFiles, ProcFs.openFiles(pid));
                    maxRss = Math.max(maxRss, ProcFs.statusKb(pid, "VmRSS"));
                }
            }
            int threads = ProcFs.threads(pid);
            int files = ProcFs.openFiles(pid);
            long rss = ProcFs.statusKb(pid, "VmRSS");
            System.out.printf("ChurnIT: after %d cycles: threads %d -> %d (max %d), open files %d -> %d (max %d), "
                    + "VmRSS %d -> %d KiB (max %d)%n", CYCLES, threads0, threads, maxThreads, files0, files, maxFiles, rss0, rss, maxRss);
            // A closed link's sockets and threads are gone: a small allowance for a link still closing.
            assertThat(threads).as("platform threads").isLessThanOrEqualTo(threads0 + 2);
            assertThat(files).as("open files").isLessThanOrEqualTo(files0 + 2);
            assertThat(rss).as("resident memory, KiB").isLessThanOrEqualTo(rss0 + RSS_SLACK_KB);
            assertThat(node.events("peer_up")).hasSize(CYCLES);
            assertThat(node.events("rejected")).as("no link of the churn refused").isEmpty();
            if (member != first) member.close();
            assertThat(node.process().isAlive()).isTrue();
        }
    }

    private static boolean is(JsonNode event, String name) {
        return event.path("event").asText().equals(name);
    }

    private static int peerCount(SesameProcess node) {
        int mark = node.mark();
        node.send("/peers");
        return node.awaitSince(mark, e -> is(e, "peers"), SesameProcess.DEFAULT_WAIT).path("peers").size();
    }
}
