package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.link.CloseReason;
import dev.sesame.wire.PeerMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How the outbox reaches a link (issue 13): each message is handed on once per link, in order;
 * a link whose queue was full is refilled as soon as it says it has room, not at the next tick;
 * a new link gets everything still unacknowledged.
 */
class DeliveryFlushTest {
    private final FakeLoop loop = new FakeLoop();
    private final MeshParts node = new MeshParts(loop, MeshParts.id(5), 7000, List.of(), 7);

    /** A link to peer {@code n} that has said its profile; what it was sent so far is still in {@code sent}. */
    private FakeLink linked(int n) {
        FakeLink link = node.connect(MeshParts.id(n), "10.0.0." + n, List.of(MeshParts.at("10.0.0." + n, 7000 + n)), MeshEvent.Direction.IN, null);
        link.receive(new PeerMessage.Profile(""));
        loop.runReady();
        return link;
    }

    /** Like {@link #linked}, with the link's queue empty (the profile and announcements were written). */
    private FakeLink up(int n) {
        FakeLink link = linked(n);
        link.drain();
        return link;
    }

    private void say(int from, int to) {
        for (int i = from; i < to; i++) node.delivery.send("m" + i, Duration.ZERO, Optional.empty());
    }

    private static List<String> texts(FakeLink link) {
        return link.sent(PeerMessage.Chat.class).stream().map(PeerMessage.Chat::text).toList();
    }

    @Test
    void eachMessageIsHandedToTheLinkOnceAndInOrder() {
        FakeLink link = up(8);
        say(0, 5);
        node.delivery.tick();
        node.delivery.tick();
        assertThat(texts(link)).containsExactly("m0", "m1", "m2", "m3", "m4");
    }

    @Test
    void aFullLinkIsRefilledAsSoonAsItHasRoomWithoutWaitingForTheTick() {
        FakeLink link = up(8);
        link.capacity = 2;
        say(0, 5);
        assertThat(texts(link)).containsExactly("m0", "m1");

        link.drain(); // the writer took them
        link.roomAgain();
        loop.runReady(); // no time passes: no tick runs
        assertThat(texts(link)).containsExactly("m2", "m3");

        link.drain();
        link.roomAgain();
        loop.runReady();
        assertThat(texts(link)).containsExactly("m4");
        assertThat(node.events(MeshEvent.Undelivered.class)).isEmpty();
    }

    @Test
    void roomOnALinkThatWasReplacedSendsNothingOnIt() {
        FakeLink first = up(8);
        first.capacity = 1;
        say(0, 3);
        first.drop(CloseReason.CLOSED);
        loop.runReady();
        first.roomAgain(); // a late report from the closed link
        loop.runReady();
        assertThat(texts(first)).containsExactly("m0");
    }

    @Test
    void aNewLinkGetsEverythingStillUnacknowledgedInOrder() {
        FakeLink first = up(8);
        say(0, 4);
        List<PeerMessage.Chat> chats = first.sent(PeerMessage.Chat.class);
        first.receive(new PeerMessage.Receipt(chats.get(1).id()));
        loop.runReady();
        first.drop(CloseReason.CLOSED);
        loop.runReady();

        FakeLink second = linked(8);
        say(4, 5);
        assertThat(texts(second)).containsExactly("m0", "m2", "m3", "m4");
        node.delivery.tick();
        assertThat(texts(second)).as("nothing twice on the same link").containsExactly("m0", "m2", "m3", "m4");
    }

    @Test
    void aMessageWhoseLifetimeEndedWhileItWaitedIsReportedExpiredNotSent() {
        FakeLink link = up(8);
        link.capacity = 1;
        node.delivery.send("short", Duration.ofSeconds(2), Optional.empty());
        node.delivery.send("also short", Duration.ofSeconds(2), Optional.empty());
        loop.advance(Duration.ofSeconds(3));
        link.drain();
        link.roomAgain();
        loop.runReady();
        assertThat(texts(link)).isEmpty();
        assertThat(node.events(MeshEvent.Undelivered.class)).singleElement()
                .satisfies(u -> assertThat(u.reason()).isEqualTo(UndeliveredReason.EXPIRED));
    }

    @Test
    void theRoomHintSaysNoOnceTheOutboxIsWholeAndYesAgainAfterAReceipt() {
        FakeLink link = up(8);
        assertThat(node.delivery.roomForEveryoneHint()).isTrue();
        say(0, Limits.MAX_OUTBOX_PER_PEER);
        assertThat(node.delivery.roomForEveryoneHint()).isFalse();
        assertThat(node.delivery.hasRoom(Optional.empty())).isFalse();

        link.receive(new PeerMessage.Receipt(link.sent(PeerMessage.Chat.class).getFirst().id()));
        loop.runReady();
        assertThat(node.delivery.roomForEveryoneHint()).isTrue();
    }

    @Test
    void aPeerComingBackWithAWholeOutboxTurnsTheHintToNo() {
        FakeLink first = up(8);
        say(0, Limits.MAX_OUTBOX_PER_PEER);
        first.drop(CloseReason.CLOSED);
        loop.runReady();
        node.delivery.tick();
        assertThat(node.delivery.roomForEveryoneHint()).as("no recipient now: room").isTrue();

        linked(8);
        assertThat(node.delivery.hasRoom(Optional.empty())).isFalse();
        assertThat(node.delivery.roomForEveryoneHint()).as("back, with a whole outbox that it is taking").isFalse();
    }
}
