package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.link.CloseReason;
import dev.sesame.link.PeerId;
import dev.sesame.wire.PeerMessage;
import dev.sesame.wire.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Discovery} on a fake loop: backoff, dial limits, and announcements that lie. */
class DiscoveryTest {
    private static final PeerId SELF = MeshParts.id(5);
    private static final PeerId ANNOUNCER = MeshParts.id(9);
    private final FakeLoop loop = new FakeLoop();

    private static Endpoint at(int lastOctet, int port) {
        return MeshParts.at("10.0.0." + lastOctet, port);
    }

    private static PeerMessage.PeerAddress entry(PeerId id, int lastOctet, int port) {
        return new PeerMessage.PeerAddress(id.bytes(), List.of(at(lastOctet, port)));
    }

    /** A node with one linked peer that will announce others. */
    private MeshParts nodeWithAnnouncer() {
        MeshParts node = new MeshParts(loop, SELF, 7000, List.of(), 3);
        FakeLink link = node.connect(ANNOUNCER, "10.0.0." + (9), List.of(MeshParts.at("10.0.0." + (9), 7009)), MeshEvent.Direction.IN, null);
        link.receive(new PeerMessage.Profile(""));
        loop.runReady();
        return node;
    }

    private void announce(MeshParts node, PeerId announcer, PeerMessage.PeerAddress... entries) {
        ((FakeLink) node.peers.get(announcer).link.link).receive(new PeerMessage.Peers(List.of(entries)));
        loop.runReady();
    }

    private void fail(MeshParts node, DialTarget target) {
        target.dialing = false;
        node.discovery.dialFailed(target);
    }

    @Test
    void aConfiguredPeerIsRedialledWithBackoffThatDoublesAndResetsOnSuccess() {
        MeshParts node = new MeshParts(loop, SELF, 7000, List.of(new dev.sesame.wire.HostPort("10.0.0.7", 7007)), 1);
        node.discovery.start();
        assertThat(node.dials).hasSize(1);
        DialTarget target = node.dials.getFirst();

        fail(node, target);
        loop.advance(Duration.ofMillis(790)); // the first delay is 1 s ± 20%
        assertThat(node.dials).hasSize(1);
        loop.advance(Duration.ofMillis(420));
        assertThat(node.dials).hasSize(2);

        fail(node, target);
        loop.advance(Duration.ofMillis(1590)); // then 2 s ± 20%
        assertThat(node.dials).hasSize(2);
        loop.advance(Duration.ofMillis(820));
        assertThat(node.dials).hasSize(3);

        FakeLink link = node.connect(MeshParts.id(7), "10.0.0." + (7), List.of(MeshParts.at("10.0.0." + (7), 7007)), MeshEvent.Direction.OUT, target);
        link.receive(new PeerMessage.Profile(""));
        loop.runReady();
        assertThat(target.backoff.failures()).isZero();
        link.drop(CloseReason.TIMEOUT);
        loop.runReady();
        loop.advance(Duration.ofMillis(1210)); // back to 1 s after a success
        assertThat(node.dials).hasSize(4);
    }

    @Test
    void aDialTheListenerDroppedIsRetriedWithinTwoSecondsHoweverOftenItFailed() {
        MeshParts node = new MeshParts(loop, SELF, 7000, List.of(new dev.sesame.wire.HostPort("10.0.0.7", 7007)), 1);
        node.discovery.start();
        DialTarget target = node.dials.getFirst();
        for (int i = 0; i < 20; i++) { // a listener under junk that keeps dropping us (busy, evicted)
            target.dialing = false;
            node.discovery.dialDropped(target);
            int before = node.dials.size();
            loop.advance(Limits.BACKOFF_MAX_WHEN_DROPPED);
            assertThat(node.dials).as("redialled within %s after drop %d", Limits.BACKOFF_MAX_WHEN_DROPPED, i).hasSize(before + 1);
        }
        fail(node, target); // a failure of another kind backs off as far as ever
        int before = node.dials.size();
        loop.advance(Duration.ofSeconds(40));
        assertThat(node.dials).hasSize(before);
    }

    @Test
    void aTargetIsNotDialledAgainWhileItsPeerIsLinked() {
        MeshParts node = new MeshParts(loop, SELF, 7000, List.of(new dev.sesame.wire.HostPort("10.0.0.7", 7007)), 1);
        node.discovery.start();
        DialTarget target = node.dials.getFirst();
        FakeLink link = node.connect(MeshParts.id(7), "10.0.0." + (7), List.of(MeshParts.at("10.0.0." + (7), 7007)), MeshEvent.Direction.OUT, target);
        link.receive(new PeerMessage.Profile(""));
        loop.runReady();
        for (int i = 0; i < 120; i++) {
            loop.advance(Duration.ofSeconds(1));
            node.discovery.tick();
        }
        assertThat(node.dials).hasSize(1);
    }

    @Test
    void anAnnouncedPeerWithALargerIdIsDialledAtOnceOneWithASmallerIdAfterADelay() {
        MeshParts node = nodeWithAnnouncer();
        announce(node, ANNOUNCER, entry(MeshParts.id(20), 20, 7020), entry(MeshParts.id(1), 1, 7001));
        assertThat(node.dialled).containsExactly(at(20, 7020));
        loop.advance(Discovery.LARGER_ID_DIAL_DELAY.minusMillis(100));
        assertThat(node.dials).hasSize(1);
        loop.advance(Duration.ofMillis(200));
        assertThat(node.dialled).containsExactly(at(20, 7020), at(1, 7001));
    }

    @Test
    void ourOwnIdIsNeverDialled() {
        MeshParts node = nodeWithAnnouncer();
        announce(node, ANNOUNCER, entry(SELF, 30, 7030));
        loop.advance(Duration.ofSeconds(10));
        node.discovery.tick();
        assertThat(node.dials).isEmpty();
    }

    @Test
    void noMoreThanTheConcurrentDialLimitRunAtOnce() {
        MeshParts node = nodeWithAnnouncer();
        List<PeerMessage.PeerAddress> many = new ArrayList<>();
        for (int i = 0; i < 10; i++) many.add(entry(MeshParts.id(40 + i), 40 + i, 7040 + i));
        announce(node, ANNOUNCER, many.toArray(PeerMessage.PeerAddress[]::new));
        node.discovery.tick();
        assertThat(node.dials).hasSize(Limits.MAX_CONCURRENT_DIALS);
        fail(node, node.dials.getFirst());
        node.discovery.tick();
        assertThat(node.dials).hasSize(Limits.MAX_CONCURRENT_DIALS + 1);
    }

    @Test
    void aLiarCannotHideAPeerThatAnHonestMemberAnnounces() {
        MeshParts node = nodeWithAnnouncer();
        PeerId honest = MeshParts.id(11);
        FakeLink second = node.connect(honest, "10.0.0." + (11), List.of(MeshParts.at("10.0.0." + (11), 7011)), MeshEvent.Direction.IN, null);
        second.receive(new PeerMessage.Profile(""));
        loop.runReady();
        PeerId hidden = MeshParts.id(60);
        PeerId decoy = MeshParts.id(61);

        announce(node, ANNOUNCER, entry(hidden, 66, 7066)); // the lie: decoy answers there
        announce(node, honest, entry(hidden, 60, 7060));
        assertThat(node.dials).hasSize(1);
        DialTarget target = node.dials.getFirst();
        assertThat(target.endpoint).isEqualTo(at(66, 7066));
        node.connect(decoy, "10.0.0." + (66), List.of(MeshParts.at("10.0.0." + (66), 7066)), MeshEvent.Direction.OUT, target);

        loop.advance(Duration.ofSeconds(1));
        node.discovery.tick();
        assertThat(node.dialled).containsExactly(at(66, 7066), at(60, 7060));
        assertThat(target.stopped).isFalse();
    }

    @Test
    void anAnnouncementProvedFalseIsNeverDialledAgain() {
        MeshParts node = nodeWithAnnouncer();
        PeerId claimed = MeshParts.id(60);
        announce(node, ANNOUNCER, entry(claimed, 66, 7066));
        DialTarget target = node.dials.getFirst();
        node.connect(MeshParts.id(61), "10.0.0." + (66), List.of(MeshParts.at("10.0.0." + (66), 7066)), MeshEvent.Direction.OUT, target);
        assertThat(target.stopped).isTrue();
        for (int i = 0; i < 30; i++) {
            loop.advance(Duration.ofSeconds(1));
            node.discovery.tick();
            announce(node, ANNOUNCER, entry(claimed, 66, 7066));
        }
        assertThat(node.dials).hasSize(1);
    }

    @Test
    void announcedDialsAreRateLimitedSoAMemberCannotMakeUsAScanner() {
        MeshParts node = nodeWithAnnouncer();
        int dialsDone = 0;
        // Each round the announcer lists fresh ids at fresh addresses, and every dial fails at once.
        for (int round = 0; round < 20; round++) {
            List<PeerMessage.PeerAddress> batch = new ArrayList<>();
            for (int i = 0; i < Limits.MAX_CONCURRENT_DIALS; i++) {
                int n = 100 + round * Limits.MAX_CONCURRENT_DIALS + i;
                batch.add(new PeerMessage.PeerAddress(MeshParts.id(n % 250 + 6).bytes(), List.of(MeshParts.at("10.1." + round + "." + i, 7100 + i))));
            }
            announce(node, ANNOUNCER, batch.toArray(PeerMessage.PeerAddress[]::new));
            for (DialTarget t : List.copyOf(node.dials.subList(dialsDone, node.dials.size()))) fail(node, t);
            dialsDone = node.dials.size();
        }
        // No time passed: only the burst may have been dialled.
        assertThat(node.dials.size()).isLessThanOrEqualTo(Limits.ANNOUNCED_DIAL_BURST);
    }

    @Test
    void theCandidateTableIsBounded() {
        MeshParts node = nodeWithAnnouncer();
        for (int round = 0; round < 10; round++) {
            List<PeerMessage.PeerAddress> batch = new ArrayList<>();
            for (int i = 0; i < Limits.MAX_ANNOUNCED_PEERS; i++) {
                byte[] id = new byte[PeerId.BYTES];
                id[0] = (byte) 0x80;
                id[1] = (byte) round;
                id[2] = (byte) i;
                batch.add(new PeerMessage.PeerAddress(id, List.of(MeshParts.at("10.2." + round + "." + i, 7000))));
            }
            announce(node, ANNOUNCER, batch.toArray(PeerMessage.PeerAddress[]::new));
        }
        assertThat(node.discovery.candidateCount()).isLessThanOrEqualTo(Limits.MAX_KNOWN_CANDIDATES);
    }

}
