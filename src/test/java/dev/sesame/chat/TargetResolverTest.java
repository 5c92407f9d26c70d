package dev.sesame.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.link.PeerId;
import dev.sesame.mesh.MeshEvent;
import dev.sesame.mesh.PeerSnapshot;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetResolverTest {
    private static PeerSnapshot peer(String hex, String name) {
        return new PeerSnapshot(PeerId.fromHex(hex.repeat(64 / hex.length())), Optional.ofNullable(name), "127.0.0.1:1",
                MeshEvent.Direction.IN, new byte[32], 0);
    }

    private final PeerSnapshot ada = peer("a1", "Ada");
    private final PeerSnapshot bob = peer("b2", "bob");
    private final PeerSnapshot bob2 = peer("c3", "Bob");
    private final PeerSnapshot nameless = peer("d4", null);

    @Test
    void findsByNameInAnyCase() {
        assertThat(TargetResolver.resolve("ada", List.of(ada, bob))).isEqualTo(new TargetResolver.Result.Found(ada));
    }

    @Test
    void findsByFingerprintPrefixWithOrWithoutSpaces() {
        String fingerprint = nameless.peerId().fingerprint();
        assertThat(TargetResolver.resolve(fingerprint.substring(0, 6), List.of(ada, nameless)))
                .isEqualTo(new TargetResolver.Result.Found(nameless));
        assertThat(TargetResolver.resolve(fingerprint.toLowerCase(), List.of(ada, nameless)))
                .isEqualTo(new TargetResolver.Result.Found(nameless));
    }

    @Test
    void findsByPeerIdPrefixOfAtLeastFourDigits() {
        assertThat(TargetResolver.resolve("d4d4", List.of(ada, nameless))).isEqualTo(new TargetResolver.Result.Found(nameless));
    }

    @Test
    void anAmbiguousNameListsTheCandidates() {
        var result = TargetResolver.resolve("BOB", List.of(ada, bob, bob2));
        assertThat(result).isInstanceOf(TargetResolver.Result.NotFound.class);
        String message = ((TargetResolver.Result.NotFound) result).message();
        assertThat(message).contains("several").contains(bob.peerId().fingerprint()).contains(bob2.peerId().fingerprint());
    }

    @Test
    void anUnknownNameListsWhoIsThere() {
        var result = (TargetResolver.Result.NotFound) TargetResolver.resolve("carol", List.of(ada));
        assertThat(result.message()).contains("no linked peer").contains("Ada");
        var alone = (TargetResolver.Result.NotFound) TargetResolver.resolve("carol", List.of());
        assertThat(alone.message()).contains("nobody is linked");
    }
}
