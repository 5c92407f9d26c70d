package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.crypto.Secret;
import dev.sesame.crypto.X25519KeyPair;
import dev.sesame.limits.Limits;
import dev.sesame.ratchet.DoubleRatchet;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A link whose queue refused a message says when it has room again (MessageLink.Listener#onRoom),
 * so the mesh hands on what waited at once instead of at its next tick (issue 13).
 */
class LinkRoomTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aLinkThatRefusedASendForWantOfRoomSaysOnceWhenItHasRoomAgain() throws Exception {
        byte[] ad = new byte[32];
        Secret root = Secret.random(32, RANDOM);
        X25519KeyPair listenerKey = X25519KeyPair.generate(RANDOM);
        DoubleRatchet dialer = DoubleRatchet.initiator(root.copy(), ad, listenerKey.publicKey(), RANDOM);
        byte[] exporter = new byte[32];
        MemoryChannel[] pair = MemoryChannel.pair(HandshakeTest.randomId(), HandshakeTest.randomId(), exporter, exporter);
        Handshake.Result session = new Handshake.Result(HandshakeTest.randomId(), HandshakeRole.DIALER, List.of(), dialer, new byte[32],
                Duration.ofSeconds(30));
        AtomicInteger rooms = new AtomicInteger();
        CountDownLatch room = new CountDownLatch(1);
        Link link = new Link(pair[0], session, new TrafficShape(false, Limits.DEFAULT_COVER_INTERVAL), new MessageLink.Listener() {
            @Override
            public void onMessage(MessageLink l, PeerMessage message) {}

            @Override
            public void onClosed(MessageLink l, CloseReason reason, dev.sesame.util.ReasonCode cause) {}

            @Override
            public void onRoom(MessageLink l) {
                rooms.incrementAndGet();
                room.countDown();
            }
        });
        try {
            int accepted = 0;
            // The writer has not started: the queue fills, then refuses.
            while (link.send(chat())) accepted++;
            assertThat(accepted).isPositive();
            assertThat(link.send(chat())).isFalse();

            link.start();
            InputStream in = pair[1].input();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    while (true) in.readNBytes(Limits.CELL_BYTES);
                } catch (java.io.IOException e) {
                    // the link ended
                }
            });
            assertThat(room.await(60, TimeUnit.SECONDS)).as("told of room once the writer drained half the queue").isTrue();
            assertThat(link.send(chat())).as("and there is room").isTrue();
            assertThat(rooms).as("one refusal, one report").hasValue(1);
            reader.interrupt();
        } finally {
            link.abort();
        }
    }

    private static PeerMessage.Chat chat() {
        return new PeerMessage.Chat(MessageId.random(RANDOM), false, 0, "x".repeat(100));
    }
}
