package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.link.PeerId;
import dev.sesame.wire.PeerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Back-pressure instead of drops (issue 12): who waits, and who is skipped with outbox_full. */
class DeliveryBackPressureTest {
    private static final int WHOLE = Limits.MAX_OUTBOX_PER_PEER;
    private final FakeLoop loop = new FakeLoop();
    private final MeshParts node = new MeshParts(loop, MeshParts.id(5), 7000, List.of(), 7);

    private FakeLink up(int n) {
        FakeLink link = node.connect(MeshParts.id(n), "10.0.0." + (n), List.of(MeshParts.at("10.0.0." + (n), 7000 + n)), MeshEvent.Direction.IN, null);
        link.receive(new PeerMessage.Profile(""));
        loop.runReady();
        return link;
    }

    /**
     * The peer acknowledges every chat it was sent so far. The loop runs after each receipt, as
     * the mesh thread would: a link's reader waits once Limits.MAX_WAITING_MESSAGES_PER_LINK of
     * its messages are queued for the loop.
     */
    private void acknowledgeAll(FakeLink link) {
        for (PeerMessage.Chat chat : link.sent(PeerMessage.Chat.class)) {
            link.receive(new PeerMessage.Receipt(chat.id()));
            loop.runReady();
        }
        link.drain();
        loop.runReady();
    }

    /** Recipients each send found with a full outbox (the caller reports them, after {@code sent}). */
    private final List<PeerId> outboxFull = new ArrayList<>();

    private void send(String text) {
        outboxFull.addAll(node.delivery.send(text, Duration.ZERO, Optional.empty()).outboxFull());
    }

    /** Undelivered to {@code to} for any reason: a full outbox at sending, or a later event. */
    private long undelivered(PeerId to) {
        return outboxFull.stream().filter(to::equals).count()
                + node.events(MeshEvent.Undelivered.class).stream().filter(u -> u.to().equals(to)).count();
    }

    private void say(int n) {
        for (int i = 0; i < n; i++) send("m" + i);
    }

    @Test
    void whenEveryRecipientHasAWholeOutboxPendingTheSenderWaitsUntilOneTakesAMessage() {
        FakeLink a = up(8);
        FakeLink b = up(9);
        say(WHOLE);
        assertThat(node.delivery.hasRoom(Optional.empty())).isFalse();
        CompletableFuture<Void> room = new CompletableFuture<>();
        node.delivery.whenRoom(Optional.empty(), room);
        assertThat(room).isNotDone();

        acknowledgeAll(b);
        assertThat(room).as("a still keeps up (it is only slower): wait for it too").isNotDone();
        a.receive(new PeerMessage.Receipt(a.sent(PeerMessage.Chat.class).getFirst().id()));
        loop.runReady();
        assertThat(room).isCompleted();
        assertThat(undelivered(a.peerId()) + undelivered(b.peerId())).isZero();
    }

    @Test
    void aSenderThatWaitsForRoomLosesNothingToAPeerThatIsSlowerButKeepsUp() {
        FakeLink fast = up(8);
        FakeLink slower = up(9);
        int sent = 0;
        int round = 0;
        while (sent < 10 * WHOLE) {
            if (!node.delivery.hasRoom(Optional.empty())) {
                acknowledgeAll(fast);
                if (++round % 3 == 0) acknowledgeAll(slower); // a third of fast's pace
                loop.advance(Duration.ofSeconds(1));
                node.delivery.tick();
                continue;
            }
            send("m" + sent);
            sent++;
        }
        acknowledgeAll(fast);
        acknowledgeAll(slower);
        assertThat(outboxFull).isEmpty();
        assertThat(node.events(MeshEvent.Undelivered.class)).isEmpty();
        assertThat(node.events(MeshEvent.Delivered.class)).hasSize(2 * 10 * WHOLE);
    }

    @Test
    void aPeerWithAWholeOutboxThatStopsTakingMessagesIsSkippedAndDoesNotStallTheOthers() {
        FakeLink fast = up(8);
        FakeLink stuck = up(9);
        say(WHOLE);
        acknowledgeAll(fast);
        assertThat(node.delivery.hasRoom(Optional.empty())).as("stuck may only be slow: wait a little").isFalse();

        loop.advance(Limits.PEER_STALLED_AFTER);
        node.delivery.tick();
        for (int i = 0; i < 2 * WHOLE; i++) {
            assertThat(node.delivery.hasRoom(Optional.empty())).as("room before message %d", i).isTrue();
            send("later" + i);
            acknowledgeAll(fast);
        }
        assertThat(undelivered(fast.peerId())).isZero();
        assertThat(undelivered(stuck.peerId())).isEqualTo(2L * WHOLE);
        assertThat(node.events(MeshEvent.Undelivered.class)).as("skipped at sending, for a full outbox only").isEmpty();
        assertThat(outboxFull).containsOnly(stuck.peerId());
        assertThat(stuck.sent(PeerMessage.Chat.class)).hasSize(WHOLE);
    }

    @Test
    void aLonePeerThatStallsIsWaitedForNotSkipped() {
        up(8);
        say(WHOLE);
        loop.advance(Limits.PEER_STALLED_AFTER.multipliedBy(3));
        node.delivery.tick();
        assertThat(node.delivery.hasRoom(Optional.empty())).isFalse();
        assertThat(outboxFull).isEmpty();
        assertThat(node.events(MeshEvent.Undelivered.class)).isEmpty();
    }

    @Test
    void aSenderThatDoesNotWaitMeetsAFullOutbox() {
        FakeLink only = up(8);
        say(WHOLE + 10);
        assertThat(undelivered(only.peerId())).isEqualTo(10L);
        assertThat(only.sent(PeerMessage.Chat.class)).hasSize(WHOLE);
    }

    @Test
    void withNobodyToSendToThereIsAlwaysRoom() {
        assertThat(node.delivery.hasRoom(Optional.empty())).isTrue();
    }

    @Test
    void waitersFailWhenTheMeshCloses() {
        up(8);
        say(WHOLE);
        CompletableFuture<Void> room = new CompletableFuture<>();
        node.delivery.whenRoom(Optional.empty(), room);
        node.delivery.failWaiters(new MeshClosedException());
        assertThat(room).isCompletedExceptionally();
    }
}
