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
import java.util.List;
import java.util.Optional;

/** A dialer's {@link Link} over an in-memory pipe, cover off, for the link's unit tests. */
final class MemoryLinks {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A listener that ignores everything. */
    static final MessageLink.Listener IGNORE = new MessageLink.Listener() {
        @Override
        public void onMessage(MessageLink link, PeerMessage message) {}

        @Override
        public void onClosed(MessageLink link, CloseReason reason, dev.sesame.util.ReasonCode cause) {}
    };

    private MemoryLinks() {}

    /** A dialer's link on one end of a memory pipe, and the listener's ratchet to read what it sends. */
    record Pair(Link link, InputStream far, DoubleRatchet listener) {
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

    /** A dialer's link, not started, whose receipt batches are {@code receiptSpacing} apart. */
    static Pair dialer(Duration receiptSpacing, MessageLink.Listener events) throws Exception {
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
}
