package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.link.PeerId;
import dev.sesame.transport.Via;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.HostPort;
import dev.sesame.wire.PeerMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Direct beats relay (docs/PROTOCOL.md §12): a peer that a relay carries is dialled directly in
 * the background, with backoff, for as long as the relayed link lasts, and only at its direct
 * endpoints, even when a PEERS entry also lists its relayed one.
 */
class DirectUpgradeTest {
    private static final PeerId SELF = MeshParts.id(5);
    private static final PeerId ALICE = MeshParts.id(7);
    private static final PeerId BOB = MeshParts.id(9);
    private static final Endpoint ALICE_DIRECT = MeshParts.at("10.0.0.7", 7007);
    private static final Endpoint ALICE_RELAYED = new Endpoint.Relayed(new HostPort("10.0.0.1", 9700), new byte[32], new byte[32], member(7));
    private final FakeLoop loop = new FakeLoop();

    private static byte[] member(int n) {
        byte[] b = new byte[Endpoint.Relayed.MEMBER_ID_BYTES];
        b[0] = (byte) n;
        return b;
    }

    /** Us with Bob linked directly and Alice linked through the relay; the first direct dial to Alice is under way. */
    private MeshParts relayedToAlice() {
        MeshParts node = new MeshParts(loop, SELF, 7005, List.of(), 11);
        node.dialsRelays = true;
        node.connect(BOB, "10.0.0.9", List.of(MeshParts.at("10.0.0.9", 7009)), MeshEvent.Direction.IN, null)
                .receive(new PeerMessage.Profile(""));
        node.connect(ALICE, "10.0.0.1", List.of(ALICE_DIRECT, ALICE_RELAYED), MeshEvent.Direction.OUT, null, Via.RELAY)
                .receive(new PeerMessage.Profile(""));
        loop.runReady();
        return node;
    }

    private static void fail(MeshParts node, DialTarget target) {
        target.dialing = false;
        node.discovery.dialFailed(target);
    }

    @Test
    void aRelayedPeerIsDialledDirectlyAtOnce() {
        MeshParts node = relayedToAlice();

        assertThat(node.dialled).containsExactly(ALICE_DIRECT);
    }

    @Test
    void aRelayedPeerKeepsBeingDialledDirectlyEvenWhenAPeersEntryAlsoListsItsRelayedEndpoint() {
        MeshParts node = relayedToAlice();
        DialTarget target = node.dials.getFirst();
        // Bob lists every endpoint of Alice's, her relayed one too: a second candidate of the target.
        ((FakeLink) node.peers.get(BOB).link.link).receive(new PeerMessage.Peers(
                List.of(new PeerMessage.PeerAddress(ALICE.bytes(), List.of(ALICE_DIRECT, ALICE_RELAYED)))));
        loop.runReady();
        assertThat(target.candidates).containsKey(ALICE_RELAYED);

        for (int failure = 1; failure <= 10; failure++) {
            fail(node, target); // the firewall still rejects the direct dial
            assertThat(target.scheduled).as("redial %d is scheduled", failure).isTrue();
            node.discovery.tick(); // the tick once dropped a target that was no longer "wanted"
            loop.advance(Duration.ofSeconds(61)); // BACKOFF_MAX with its spread
            node.discovery.tick();
            assertThat(node.dials).as("dial %d", failure + 1).hasSize(failure + 1);
        }
        assertThat(node.dialled).as("only the direct endpoint, never a second relayed link").containsOnly(ALICE_DIRECT);
    }

    @Test
    void onceTheDirectLinkWinsThePeerIsNotDialledAgain() {
        MeshParts node = relayedToAlice();
        DialTarget target = node.dials.getFirst();
        FakeLink relayed = (FakeLink) node.peers.get(ALICE).link.link;

        FakeLink direct = node.connect(ALICE, "10.0.0.7", List.of(ALICE_DIRECT, ALICE_RELAYED), MeshEvent.Direction.OUT, target);

        assertThat(node.peers.get(ALICE).link.link).isSameAs(direct);
        assertThat(relayed.sent(PeerMessage.Replaced.class)).as("the relayed link is told it lost").hasSize(1);
        assertThat(relayed.flushClosing).isTrue();
        assertThat(node.events(MeshEvent.DuplicateLink.class)).extracting(MeshEvent.DuplicateLink::keptVia)
                .containsExactly(Via.DIRECT);
        direct.receive(new PeerMessage.Profile(""));
        relayed.flushed();
        loop.runReady();
        assertThat(node.links.all()).as("one link per peer: Bob's and Alice's direct one").hasSize(2);
        assertThat(node.events(MeshEvent.PeerDown.class)).isEmpty();

        loop.advance(Duration.ofMinutes(3));
        node.discovery.tick();
        assertThat(node.dials).as("no dial while the direct link carries Alice").hasSize(1);
    }
}
