package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.crypto.Secret;
import dev.sesame.crypto.X25519KeyPair;
import dev.sesame.limits.Limits;
import dev.sesame.ratchet.DoubleRatchet;
import dev.sesame.wire.Cell;
import dev.sesame.wire.CellCodec;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import dev.sesame.wire.Reassembler;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Receipts that wait together leave as RECEIPTS records of up to 24 ids (docs/PROTOCOL.md §7). */
class LinkReceiptsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final MessageLink.Listener IGNORE = new MessageLink.Listener() {
        @Override
        public void onMessage(MessageLink link, PeerMessage message) {}

        @Override
        public void onClosed(MessageLink link, CloseReason reason, dev.sesame.util.ReasonCode cause) {}
    };

    /** A dialer's link on one end of a memory pipe, and the listener's ratchet to read what it sends. */
    private record Pair(Link link, InputStream far, DoubleRatchet listener) {
        /** The next RECEIPTS record's ids. */
        List<MessageId> nextReceipts() throws Exception {
            Reassembler reassembler = new Reassembler();
            while (true) {
                Cell cell = CellCodec.decode(far.readNBytes(Limits.CELL_BYTES));
                Optional<Reassembler.Message> record = reassembler.accept(cell);
                if (record.isEmpty()) continue;
                PeerMessage message = PeerMessage.decode(listener.decrypt(record.get().bytes()));
                assertThat(message).isInstanceOf(PeerMessage.Receipts.class);
                return ((PeerMessage.Receipts) message).ids();
            }
        }
    }

    private static Pair pair(Duration receiptSpacing) throws Exception {
        return pair(receiptSpacing, IGNORE);
    }

    private static Pair pair(Duration receiptSpacing, MessageLink.Listener events) throws Exception {
        byte[] ad = new byte[32];
        Secret root = Secret.random(32, RANDOM);
        X25519KeyPair listenerKey = X25519KeyPair.generate(RANDOM);
        DoubleRatchet dialer = DoubleRatchet.initiator(root.copy(), ad, listenerKey.publicKey(), RANDOM);
        DoubleRatchet listener = DoubleRatchet.responder(root, ad, listenerKey, RANDOM);
        byte[] exporter = new byte[32];
        MemoryChannel[] pipe = MemoryChannel.pair(HandshakeTest.randomId(), HandshakeTest.randomId(), exporter, exporter);
        Handshake.Result session = new Handshake.Result(HandshakeTest.randomId(), HandshakeRole.DIALER, List.of(), dialer, new byte[32],
                Duration.ofSeconds(30));
        Link link = new Link(pipe[0], session, new TrafficShape(false, Limits.DEFAULT_COVER_INTERVAL), events, receiptSpacing);
        return new Pair(link, pipe[1].input(), listener);
    }

    /**
     * Every RECEIPTS record turns the ratchet on both sides, so batches are spaced
     * ({@link Limits#RECEIPT_SPACING}): the first receipt after a pause goes at once, the ones
     * that follow within the spacing wait and leave together, and a closing link sends them
     * without waiting out the spacing. Here the spacing is an hour, so only the drain can send
     * the second batch.
     */
    @Test
    void receiptsWithinTheSpacingWaitAndLeaveAsOneBatchAndADrainSendsThemAtOnce() throws Exception {
        Pair p = pair(Duration.ofHours(1));
        p.link().start();
        try {
            MessageId first = MessageId.random(RANDOM);
            assertThat(p.link().send(new PeerMessage.Receipt(first))).isTrue();
            assertThat(p.nextReceipts()).containsExactly(first); // not delayed: no batch went before it
            List<MessageId> following = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                MessageId id = MessageId.random(RANDOM);
                following.add(id);
                assertThat(p.link().send(new PeerMessage.Receipt(id))).isTrue();
                // The scenario, not a synchronisation: receipts trickle in, a millisecond apart, so an
                // unspaced writer would send each on its own.
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            p.link().closeAfterFlush(Duration.ofSeconds(30));
            assertThat(p.nextReceipts()).containsExactlyElementsOf(following);
        } finally {
            p.link().abort();
            p.listener().close();
        }
    }

    @Test
    void waitingReceiptsAreBatchedInOrderAndNoneIsLost() throws Exception {
        Pair p = pair(Limits.RECEIPT_SPACING);
        List<MessageId> acknowledged = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            MessageId id = MessageId.random(RANDOM);
            acknowledged.add(id);
            assertThat(p.link().send(new PeerMessage.Receipt(id))).isTrue(); // the writer has not started: they all wait
        }
        p.link().start();
        try {
            List<MessageId> received = new ArrayList<>();
            int records = 0;
            while (received.size() < acknowledged.size()) {
                received.addAll(p.nextReceipts());
                records++;
            }
            assertThat(received).containsExactlyElementsOf(acknowledged);
            assertThat(records).isEqualTo((100 + Limits.MAX_RECEIPTS_PER_RECORD - 1) / Limits.MAX_RECEIPTS_PER_RECORD);
        } finally {
            p.link().abort();
            p.listener().close();
        }
    }
}
