package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.crypto.Secret;
import dev.sesame.crypto.X25519KeyPair;
import dev.sesame.limits.Limits;
import dev.sesame.ratchet.DoubleRatchet;
import dev.sesame.wire.Cell;
import dev.sesame.wire.CellCodec;
import dev.sesame.wire.Fragmenter;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Review findings in {@link Link}. */
class LinkReviewTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A dialer ratchet and a listener ratchet that belong together (as a handshake would make them). */
    private static DoubleRatchet[] ratchets() throws Exception {
        byte[] ad = new byte[32];
        RANDOM.nextBytes(ad);
        Secret root = Secret.random(32, RANDOM);
        X25519KeyPair listenerKey = X25519KeyPair.generate(RANDOM);
        DoubleRatchet dialer = DoubleRatchet.initiator(root.copy(), ad, listenerKey.publicKey(), RANDOM);
        DoubleRatchet listener = DoubleRatchet.responder(root, ad, listenerKey, RANDOM);
        return new DoubleRatchet[] {dialer, listener};
    }

    /**
     * The listener holds what it sends until the dialer's first record arrives (a responder
     * cannot encrypt before that). {@code send} accepts up to 256 held messages and returns true
     * for each, but releasing them ignores {@code enqueue}'s "queue full" answer: whatever does not
     * fit the 4,096-cell queue is dropped without a trace, although the caller was told it was
     * queued (Delivery marks it as sent on this link and never resends it there).
     */
    @Test
    void everyMessageThatSendAcceptedWhileHeldIsQueuedOnceTheLinkCanEncrypt() throws Exception {
        DoubleRatchet[] r = ratchets();
        byte[] exporter = new byte[32];
        MemoryChannel[] pair = MemoryChannel.pair(HandshakeTest.randomId(), HandshakeTest.randomId(), exporter, exporter);
        Handshake.Result session = new Handshake.Result(HandshakeTest.randomId(), HandshakeRole.LISTENER, java.util.List.of(), r[1], new byte[32], Duration.ofSeconds(30));
        // Cover traffic at the slowest rate, so the writer takes (at most) one cell off the queue meanwhile.
        CountDownLatch firstRecord = new CountDownLatch(1);
        Link link = new Link(pair[1], session, new TrafficShape(true, Limits.MAX_COVER_INTERVAL), new MessageLink.Listener() {
            @Override
            public void onMessage(MessageLink l, PeerMessage message) {
                firstRecord.countDown();
            }

            @Override
            public void onClosed(MessageLink l, CloseReason reason, dev.sesame.util.ReasonCode detail) {}
        });
        String text = "x".repeat(Limits.MAX_TEXT_BYTES);
        int accepted = 0;
        long cellsNeeded = 0;
        for (int i = 0; i < 300; i++) {
            PeerMessage.Chat chat = new PeerMessage.Chat(MessageId.random(RANDOM), false, 0, text);
            if (link.send(chat)) {
                accepted++;
                int recordBytes = chat.encode().length + 40 + 16; // header + tag
                cellsNeeded += (recordBytes + Limits.CELL_PAYLOAD_BYTES - 1) / Limits.CELL_PAYLOAD_BYTES;
            }
        }
        link.start();
        // The dialer's first record (its PROFILE) lets the listener encrypt and release what it held.
        byte[] record = r[0].encrypt(new PeerMessage.Profile("d").encode());
        for (Cell cell : Fragmenter.split(Cell.Type.RECORD, record)) pair[0].output().write(CellCodec.encode(cell));
        // The link releases what it held before it hands the first message on, so this is enough.
        assertThat(firstRecord.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(accepted).isPositive();
            assertThat((long) link.queuedCells())
                    .as("cells queued for %d accepted messages (%d cells)", accepted, cellsNeeded)
                    .isGreaterThanOrEqualTo(cellsNeeded - 1);
        } finally {
            link.abort();
            r[0].close();
        }
    }

    /**
     * {@code Link.finish} marks the link closed and closes the ratchet without taking the send
     * lock, so a {@code send} that has just passed its "closed?" check encrypts with a closed
     * ratchet and throws IllegalStateException instead of returning false. On the mesh thread
     * that surfaces as an {@code internal_error} event; on a link's reader thread (releasing held
     * messages) it escapes the thread as an uncaught exception printed to stderr.
     */
    @Test
    void sendRacingCloseReturnsFalseAndNeverThrows() throws Exception {
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        for (int attempt = 0; attempt < 300 && thrown.isEmpty(); attempt++) {
            DoubleRatchet[] r = ratchets();
            byte[] exporter = new byte[32];
            MemoryChannel[] pair = MemoryChannel.pair(HandshakeTest.randomId(), HandshakeTest.randomId(), exporter, exporter);
            Handshake.Result session = new Handshake.Result(HandshakeTest.randomId(), HandshakeRole.DIALER, java.util.List.of(), r[0], new byte[32], Duration.ofSeconds(30));
            Link link = new Link(pair[0], session, new TrafficShape(true, Duration.ofSeconds(1)), MemoryLinks.IGNORE);
            CountDownLatch go = new CountDownLatch(1);
            Thread sender = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    while (link.send(new PeerMessage.Profile("n"))) Thread.onSpinWait();
                } catch (Throwable t) {
                    thrown.add(t);
                }
            });
            go.countDown();
            Thread.sleep(0, 200_000);
            link.close(CloseReason.LOCAL, CloseReason.LOCAL);
            sender.join();
            r[1].close();
        }
        assertThat(thrown).as("exceptions thrown by send() while the link closed").isEmpty();
    }

    /**
     * Review finding: {@code readLoop} caught only some exception types; any other
     * RuntimeException (a bug in decoding, or in the listener) ended the reader thread without
     * {@code onClosed}. The writer kept sending padding, so the peer saw a healthy link and the
     * mesh kept counting on it: a zombie. Now the link ends, and says it was an internal error.
     */
    @Test
    void aBugOnTheReaderPathEndsTheLinkAndReportsItInsteadOfLeavingAZombie() throws Exception {
        DoubleRatchet[] r = ratchets();
        byte[] exporter = new byte[32];
        MemoryChannel[] pair = MemoryChannel.pair(HandshakeTest.randomId(), HandshakeTest.randomId(), exporter, exporter);
        Handshake.Result session = new Handshake.Result(HandshakeTest.randomId(), HandshakeRole.LISTENER, java.util.List.of(), r[1], new byte[32], Duration.ofSeconds(30));
        CountDownLatch closed = new CountDownLatch(1);
        List<String> ends = new CopyOnWriteArrayList<>();
        Link link = new Link(pair[1], session, new TrafficShape(false, Limits.DEFAULT_COVER_INTERVAL), new MessageLink.Listener() {
            @Override
            public void onMessage(MessageLink l, PeerMessage message) {
                throw new IllegalArgumentException("a bug while handling a message");
            }

            @Override
            public void onClosed(MessageLink l, CloseReason reason, dev.sesame.util.ReasonCode detail) {
                ends.add(reason + " " + detail.code());
                closed.countDown();
            }
        });
        try {
            link.start();
            byte[] record = r[0].encrypt(new PeerMessage.Profile("d").encode());
            for (Cell cell : Fragmenter.split(Cell.Type.RECORD, record)) pair[0].output().write(CellCodec.encode(cell));
            assertThat(closed.await(10, TimeUnit.SECONDS)).as("onClosed after a bug on the reader").isTrue();
            assertThat(link.isOpen()).isFalse();
            assertThat(ends).containsExactly("ERROR internal_error");
        } finally {
            link.abort();
            r[0].close();
        }
    }
}
