package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A link's reader and writer are platform threads, so that a message is not kept waiting behind
 * the TLS handshakes of junk connections, which run on virtual threads and never yield their
 * carrier (docs/SECURITY.md §Junk connections).
 */
class LinkThreadsTest {
    /** A dialer's link over an in-memory pipe that nobody writes to, cover off. */
    private static Link idleLink() throws Exception {
        return MemoryLinks.dialer(Limits.RECEIPT_SPACING, MemoryLinks.IGNORE).link();
    }

    @Test
    void aLinksReaderAndWriterArePlatformDaemonThreads() throws Exception {
        Link link = idleLink();
        try {
            link.start();
            // Both block (the reader on an empty pipe, the writer until its keepalive), so both are
            // alive here. Thread.getAllStackTraces lists platform threads only, never virtual ones.
            Set<Thread> live = Thread.getAllStackTraces().keySet();
            for (String name : List.of("link-read-" + link.id(), "link-write-" + link.id())) {
                assertThat(live).as(name).filteredOn(t -> t.getName().equals(name)).singleElement()
                        .satisfies(t -> assertThat(t.isVirtual()).isFalse(), t -> assertThat(t.isDaemon()).isTrue());
            }
        } finally {
            link.abort();
        }
    }

    /**
     * Closing a link ends its OS threads at once: with cover off the writer waits up to a
     * keepalive for its next cell, and closed links' writers must not pile up for that long.
     */
    @Test
    void closingALinkEndsItsWriterAtOnceNotAtItsNextKeepalive() throws Exception {
        Link link = idleLink();
        link.start();
        Thread writer = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("link-write-" + link.id())).findFirst().orElseThrow();
        link.close(CloseReason.LOCAL, CloseReason.LOCAL);
        writer.join(Limits.KEEPALIVE_INTERVAL.toMillis() / 5);
        assertThat(writer.isAlive()).as("the writer, a fifth of a keepalive after the close").isFalse();
    }
}
