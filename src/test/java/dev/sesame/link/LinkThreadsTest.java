package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.crypto.Secret;
import dev.sesame.crypto.X25519KeyPair;
import dev.sesame.limits.Limits;
import dev.sesame.ratchet.DoubleRatchet;
import dev.sesame.wire.PeerMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A link's reader and writer are platform threads, so that a message is not kept waiting behind
 * the TLS handshakes of junk connections, which run on virtual threads and never yield their
 * carrier (docs/SECURITY.md §Junk connections).
 */
class LinkThreadsTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aLinksReaderAndWriterArePlatformDaemonThreads() throws Exception {
        Secret root = Secret.random(32, RANDOM);
        X25519KeyPair listenerKey = X25519KeyPair.generate(RANDOM);
        DoubleRatchet dialer = DoubleRatchet.initiator(root.copy(), new byte[32], listenerKey.publicKey(), RANDOM);
        byte[] exporter = new byte[32];
        MemoryChannel[] pair = MemoryChannel.pair(HandshakeTest.randomId(), HandshakeTest.randomId(), exporter, exporter);
        Handshake.Result session = new Handshake.Result(HandshakeTest.randomId(), HandshakeRole.DIALER, List.of(), dialer, new byte[32],
                Duration.ofSeconds(30));
        Link link = new Link(pair[0], session, new TrafficShape(false, Limits.DEFAULT_COVER_INTERVAL), new MessageLink.Listener() {
            @Override
            public void onMessage(MessageLink l, PeerMessage message) {}

            @Override
            public void onClosed(MessageLink l, CloseReason reason, dev.sesame.util.ReasonCode cause) {}
        });
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
}
