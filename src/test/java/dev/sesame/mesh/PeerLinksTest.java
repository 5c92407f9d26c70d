package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.link.CloseReason;
import dev.sesame.link.PeerId;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link PeerLinks} on a fake loop with fake links: duplicates, SPARE, REPLACED, profiles. */
class PeerLinksTest {
    private static final PeerId SELF = MeshParts.id(5);
    private static final PeerId LARGER = MeshParts.id(9);
    private static final PeerId SMALLER = MeshParts.id(2);
    private static final String PEER_HOST = "10.0.0.9";

    private final FakeLoop loop = new FakeLoop();
    private final MeshParts node = new MeshParts(loop, SELF, 7000, List.of(), 1);

    private FakeLink linkUp(PeerId peer, MeshEvent.Direction direction) {
        FakeLink link = node.connect(peer, PEER_HOST, List.of(MeshParts.at(PEER_HOST, 7009)), direction, null);
        assertThat(link).isNotNull();
        link.receive(new PeerMessage.Profile(""));
        loop.runReady();
        return link;
    }

    private PeerEntry entry(PeerId peer) {
        return node.peers.get(peer);
    }

    @Test
    void aPeerIsUpOnceItsProfileArrivesAndNotBefore() {
        FakeLink link = node.connect(LARGER, PEER_HOST, List.of(MeshParts.at(PEER_HOST, 7009)), MeshEvent.Direction.IN, null);
        assertThat(link.started).isTrue();
        assertThat(link.sent(PeerMessage.Profile.class)).hasSize(1);
        assertThat(node.events(MeshEvent.PeerUp.class)).isEmpty();
        link.receive(new PeerMessage.Profile("ann"));
        loop.runReady();
        assertThat(node.events(MeshEvent.PeerUp.class)).singleElement()
                .satisfies(up -> assertThat(up.name()).contains("ann"));
        assertThat(entry(LARGER).linked()).isTrue();
    }

    @Test
    void aLinkWhoseFirstMessageIsNotAProfileIsClosedAsAProtocolError() {
        FakeLink link = node.connect(LARGER, PEER_HOST, List.of(MeshParts.at(PEER_HOST, 7009)), MeshEvent.Direction.IN, null);
        link.receive(new PeerMessage.Chat(new MessageId(new byte[16]), false, 0, "hi"));
        loop.runReady();
        assertThat(link.isOpen()).isFalse();
        assertThat(link.closeReason).isEqualTo(CloseReason.PROTOCOL);
        assertThat(node.events(MeshEvent.ChatReceived.class)).isEmpty();
        assertThat(node.events(MeshEvent.Rejected.class)).extracting(MeshEvent.Rejected::reason).contains(Refusal.EXPECTED_PROFILE);
    }

    @Test
    void aLinkThatNeverSendsItsProfileIsClosedAfterThePakeTimeout() {
        FakeLink link = node.connect(LARGER, PEER_HOST, List.of(MeshParts.at(PEER_HOST, 7009)), MeshEvent.Direction.IN, null);
        loop.advance(Limits.PAKE_TIMEOUT.minusSeconds(1));
        node.links.tick(loop.now());
        assertThat(link.isOpen()).isTrue();
        loop.advance(Duration.ofSeconds(2));
        node.links.tick(loop.now());
        loop.runReady();
        assertThat(link.isOpen()).isFalse();
        assertThat(node.events(MeshEvent.Rejected.class)).extracting(MeshEvent.Rejected::reason).contains(Refusal.NO_PROFILE);
    }

    @Test
    void ofTwoLinksBothEndsKeepTheOneTheSmallerIdDialledAndThePeerNeverGoesDown() {
        // We are the smaller id: our dial wins over the peer's.
        FakeLink theirs = linkUp(LARGER, MeshEvent.Direction.IN);
        FakeLink ours = linkUp(LARGER, MeshEvent.Direction.OUT);
        assertThat(theirs.sent(PeerMessage.Replaced.class)).as("the loser is told it is replaced").hasSize(1);
        assertThat(theirs.flushClosing).isTrue();
        theirs.flushed();
        loop.runReady();
        assertThat(entry(LARGER).link.link).isSameAs(ours);
        assertThat(node.events(MeshEvent.DuplicateLink.class)).singleElement()
                .satisfies(d -> assertThat(d.kept()).isEqualTo("out"));
        assertThat(node.events(MeshEvent.PeerDown.class)).isEmpty();
        assertThat(node.events(MeshEvent.PeerUp.class)).hasSize(1);
    }

    @Test
    void aDuplicateWeDialledToASmallerIdIsTheOneClosed() {
        FakeLink theirs = linkUp(SMALLER, MeshEvent.Direction.IN);
        FakeLink ours = node.connect(SMALLER, PEER_HOST, List.of(MeshParts.at(PEER_HOST, 7002)), MeshEvent.Direction.OUT, null);
        assertThat(ours.sent(PeerMessage.Replaced.class)).hasSize(1);
        assertThat(ours.flushClosing).isTrue();
        ours.flushed();
        loop.runReady();
        assertThat(entry(SMALLER).link.link).isSameAs(theirs);
        assertThat(node.events(MeshEvent.DuplicateLink.class)).singleElement()
                .satisfies(d -> assertThat(d.kept()).isEqualTo("in"));
        assertThat(node.events(MeshEvent.PeerDown.class)).isEmpty();
    }

    @Test
    void whenThePeerDialledTwiceItDecidesAndTheSpareCarriesItOn() {
        FakeLink first = linkUp(LARGER, MeshEvent.Direction.IN);
        FakeLink second = linkUp(LARGER, MeshEvent.Direction.IN);
        assertThat(first.isOpen()).as("we close neither: the dialler decides").isTrue();
        assertThat(first.sent(PeerMessage.Replaced.class)).isEmpty();
        assertThat(entry(LARGER).link.link).isSameAs(second);
        assertThat(entry(LARGER).link.role).isEqualTo(ActiveLink.Role.CURRENT);

        second.drop(CloseReason.CLOSED);
        loop.runReady();
        assertThat(node.events(MeshEvent.PeerDown.class)).isEmpty();
        assertThat(entry(LARGER).link.link).isSameAs(first);
        node.delivery.send("after", Duration.ZERO, Optional.empty());
        assertThat(first.sent(PeerMessage.Chat.class)).extracting(PeerMessage.Chat::text).containsExactly("after");
    }

    @Test
    void whenTheSpareIsClosedInsteadThePeerStaysOnTheNewerLink() {
        FakeLink first = linkUp(LARGER, MeshEvent.Direction.IN);
        FakeLink second = linkUp(LARGER, MeshEvent.Direction.IN);
        first.drop(CloseReason.CLOSED);
        loop.runReady();
        assertThat(node.events(MeshEvent.PeerDown.class)).isEmpty();
        assertThat(entry(LARGER).link.link).isSameAs(second);
        second.drop(CloseReason.CLOSED);
        loop.runReady();
        assertThat(node.events(MeshEvent.PeerDown.class)).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo(PeerDownReason.CLOSED));
    }

    @Test
    void whenThePeerKeepsTheSpareAndReplacesTheNewerLinkThePeerMovesToTheSpareAndNeverGoesDown() {
        // The peer dialled twice; its ends finished in the other order, so it keeps the link we
        // hold as the spare and retires the one we carry it on, with REPLACED.
        FakeLink first = linkUp(LARGER, MeshEvent.Direction.IN);
        FakeLink second = linkUp(LARGER, MeshEvent.Direction.IN);
        second.receive(new PeerMessage.Replaced());
        second.drop(CloseReason.CLOSED);
        loop.runReady();
        assertThat(entry(LARGER).link).as("the winner is already here: the spare").isNotNull();
        assertThat(entry(LARGER).link.link).isSameAs(first);
        loop.advance(Limits.REPLACEMENT_GRACE.plusSeconds(1));
        node.links.tick(loop.now());
        assertThat(node.events(MeshEvent.PeerDown.class)).isEmpty();
        node.delivery.send("after", Duration.ZERO, Optional.empty());
        assertThat(first.sent(PeerMessage.Chat.class)).extracting(PeerMessage.Chat::text).containsExactly("after");
    }

    @Test
    void aReplacedLinkKeepsThePeerUpWhileTheWinnerArrivesAndMessagesWaitForIt() {
        FakeLink loser = linkUp(LARGER, MeshEvent.Direction.IN);
        loser.receive(new PeerMessage.Replaced());
        loser.drop(CloseReason.CLOSED);
        loop.runReady();
        assertThat(node.events(MeshEvent.PeerDown.class)).isEmpty();
        node.delivery.send("waiting", Duration.ZERO, Optional.empty());
        assertThat(node.events(MeshEvent.Undelivered.class)).isEmpty();

        loop.advance(Limits.REPLACEMENT_GRACE.minusSeconds(5));
        node.links.tick(loop.now());
        FakeLink winner = linkUp(LARGER, MeshEvent.Direction.OUT);
        loop.advance(Duration.ofSeconds(10));
        node.links.tick(loop.now());
        assertThat(node.events(MeshEvent.PeerDown.class)).isEmpty();
        assertThat(node.events(MeshEvent.PeerUp.class)).hasSize(1);
        assertThat(winner.sent(PeerMessage.Chat.class)).extracting(PeerMessage.Chat::text).containsExactly("waiting");
    }

    @Test
    void aReplacedLinkWhoseWinnerNeverComesTakesThePeerDownAfterTheGrace() {
        FakeLink loser = linkUp(LARGER, MeshEvent.Direction.IN);
        loser.receive(new PeerMessage.Replaced());
        loser.drop(CloseReason.CLOSED);
        loop.runReady();
        loop.advance(Limits.REPLACEMENT_GRACE.plusSeconds(1));
        node.links.tick(loop.now());
        assertThat(node.events(MeshEvent.PeerDown.class)).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo(PeerDownReason.CLOSED));
    }

    @Test
    void aChatResentAfterAReconnectIsAcknowledgedAgainButShownOnce() {
        FakeLink first = linkUp(LARGER, MeshEvent.Direction.IN);
        MessageId id = new MessageId(new byte[16]);
        first.receive(new PeerMessage.Chat(id, false, 0, "once"));
        loop.runReady();
        assertThat(first.sent(PeerMessage.Receipt.class)).as("no receipt before the interface shows it").isEmpty();
        node.links.shown(LARGER, id);
        first.drop(CloseReason.TIMEOUT);
        loop.runReady();
        FakeLink second = linkUp(LARGER, MeshEvent.Direction.IN);
        second.receive(new PeerMessage.Chat(id, false, 0, "once"));
        loop.runReady();
        assertThat(node.events(MeshEvent.ChatReceived.class)).hasSize(1);
        assertThat(first.sent(PeerMessage.Receipt.class)).hasSize(1);
        assertThat(second.sent(PeerMessage.Receipt.class)).hasSize(1);
    }

    @Test
    void aPeerThatSaidGoodbyeIsNotTakenBackInThisRun() {
        FakeLink link = linkUp(LARGER, MeshEvent.Direction.IN);
        link.receive(new PeerMessage.Goodbye());
        loop.runReady();
        assertThat(node.events(MeshEvent.PeerDown.class)).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo(PeerDownReason.GOODBYE));
        assertThat(node.connect(LARGER, PEER_HOST, List.of(MeshParts.at(PEER_HOST, 7009)), MeshEvent.Direction.IN, null)).isNull();
        assertThat(node.events(MeshEvent.Rejected.class)).extracting(MeshEvent.Rejected::reason).contains(Refusal.PEER_LEFT);
    }

    @Test
    void aLinkEndingCountsOnceAndFreesItsPeerSlot() {
        FakeLink link = linkUp(LARGER, MeshEvent.Direction.IN);
        link.drop(CloseReason.CLOSED);
        link.drop(CloseReason.ERROR);
        loop.runReady();
        assertThat(node.linksGone).isEqualTo(1);
        assertThat(node.admission.full()).isFalse();
        assertThat(node.links.all()).isEmpty();
    }

    /** Peer number {@code n} (beyond the one byte MeshParts.id uses), at an address of its own. */
    private static PeerId member(int n) {
        byte[] b = new byte[PeerId.BYTES];
        b[0] = (byte) 0x70;
        b[1] = (byte) (n >> 8);
        b[2] = (byte) n;
        return new PeerId(b);
    }

    private FakeLink linkUpFromOwnAddress(int n) {
        String host = "10.1." + (n >> 8) + "." + (n & 0xff);
        FakeLink link = node.connect(member(n), host, List.of(MeshParts.at(host, 7000)), MeshEvent.Direction.IN, null);
        if (link == null) return null;
        link.receive(new PeerMessage.Profile(""));
        loop.runReady();
        return link;
    }

    @Test
    void churnCannotGrowThePeerTableTheMemberDownLongestIsForgottenAndThenStaysRefused() {
        for (int i = 0; i < Limits.MAX_PEER_TABLE; i++) {
            FakeLink link = linkUpFromOwnAddress(i);
            link.drop(CloseReason.CLOSED);
            loop.runReady();
            loop.advance(Duration.ofMillis(10));
        }
        assertThat(node.peers.size()).isEqualTo(Limits.MAX_PEER_TABLE);

        FakeLink newcomer = linkUpFromOwnAddress(1000);
        assertThat(newcomer.isOpen()).isTrue();
        assertThat(entry(member(1000)).linked()).isTrue();
        assertThat(node.peers.size()).as("bounded").isEqualTo(Limits.MAX_PEER_TABLE);
        assertThat(entry(member(0))).as("down longest: forgotten").isNull();
        assertThat(entry(member(1))).isNotNull();

        // The forgotten member comes back: refused for the rest of the run, so nothing it resends is shown twice.
        FakeLink back = linkUpFromOwnAddress(0);
        assertThat(back == null || !back.isOpen()).isTrue();
        assertThat(node.events(MeshEvent.Rejected.class)).extracting(MeshEvent.Rejected::reason).contains(Refusal.FORGOTTEN);
        assertThat(entry(member(0))).isNull();
    }

    @Test
    void aMemberWithMessagesPendingIsNeverForgottenAndAFullTableOfThemRefusesNewcomers() {
        for (int i = 0; i < Limits.MAX_PEER_TABLE; i++) {
            FakeLink link = linkUpFromOwnAddress(i);
            node.delivery.send("for " + i, Duration.ZERO, Optional.of(member(i)));
            loop.runReady();
            link.drop(CloseReason.CLOSED);
            loop.runReady();
        }
        FakeLink newcomer = linkUpFromOwnAddress(1000);
        assertThat(newcomer == null || !newcomer.isOpen()).isTrue();
        assertThat(node.events(MeshEvent.Rejected.class)).extracting(MeshEvent.Rejected::reason).contains(Refusal.TOO_MANY_PEERS);
        for (int i = 0; i < Limits.MAX_PEER_TABLE; i++) assertThat(entry(member(i))).as("member %d kept", i).isNotNull();
    }
}
