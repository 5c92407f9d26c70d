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

    private static String fingerprint8(PeerSnapshot p) {
        return p.peerId().compactFingerprint().substring(0, 8);
    }

    private static String refusal(TargetResolver.Result result) {
        assertThat(result).isInstanceOf(TargetResolver.Result.NotFound.class);
        return ((TargetResolver.Result.NotFound) result).message();
    }

    @Test
    void theFingerprintFormNeverMatchesANameEvenOneThatLooksLikeTheFingerprint() {
        PeerSnapshot squatter = peer("e5", fingerprint8(ada).toLowerCase());
        assertThat(TargetResolver.resolve("#" + fingerprint8(ada), List.of(ada, squatter))).isEqualTo(new TargetResolver.Result.Found(ada));
        assertThat(TargetResolver.resolve("@" + fingerprint8(ada).toLowerCase(), List.of(ada, squatter)))
                .isEqualTo(new TargetResolver.Result.Found(ada));
        assertThat(refusal(TargetResolver.resolve("#" + fingerprint8(ada).substring(0, 3), List.of(ada))))
                .contains("at least 4");
    }

    @Test
    void aBareWordThatIsBothANameAndAFingerprintIsRefused() {
        PeerSnapshot squatter = peer("e5", fingerprint8(ada).toLowerCase());
        String message = refusal(TargetResolver.resolve(fingerprint8(ada), List.of(ada, squatter)));
        assertThat(message).contains(ada.peerId().fingerprint()).contains(squatter.peerId().fingerprint()).contains("#");
        // The start of the squatter's name and of the fingerprint: refused as well.
        assertThat(refusal(TargetResolver.resolve(fingerprint8(ada).substring(0, 4), List.of(ada, squatter))))
                .contains("is a name");
        // More of the fingerprint than the squatter's name holds reaches the fingerprint's owner.
        PeerSnapshot shortSquatter = peer("e5", fingerprint8(ada).substring(0, 4));
        assertThat(TargetResolver.resolve(fingerprint8(ada), List.of(ada, shortSquatter))).isEqualTo(new TargetResolver.Result.Found(ada));
    }

    @Test
    void aNameThatLooksLikeAnotherMembersNameIsRefusedWithBothFingerprints() {
        PeerSnapshot alice = peer("a1", "Alice");
        for (String trick : List.of("\u0410lice", "Alice\u00A0", "Alice\u3164", "Alice\u2800", "AIice")) {
            PeerSnapshot impostor = peer("e5", trick);
            for (String target : List.of("Alice", "\"Alice\"", "Ali")) {
                String message = refusal(TargetResolver.resolve(target, List.of(alice, impostor)));
                assertThat(message).as(trick + " / " + target).contains(alice.peerId().fingerprint())
                        .contains(impostor.peerId().fingerprint());
            }
        }
    }

    @Test
    void aNameThatLooksLikeYouOrYourOwnNameIsRefused() {
        PeerSnapshot you = peer("e5", "You");
        assertThat(refusal(TargetResolver.resolve("you", List.of(ada, you)))).contains("your own name");
        PeerSnapshot carol = peer("c3", "Car0l");
        assertThat(refusal(TargetResolver.resolve("Car0l", List.of(ada, carol), Optional.of("Carol")))).contains("your own name");
        assertThat(TargetResolver.resolve("#" + fingerprint8(carol), List.of(ada, carol), Optional.of("Carol")))
                .isEqualTo(new TargetResolver.Result.Found(carol));
    }

    @Test
    void aQuotedNameMayHoldSpacesAndAnUnambiguousStartIsEnough() {
        PeerSnapshot long1 = peer("e5", "Very Long");
        PeerSnapshot bobby = peer("f6", "Bobby");
        assertThat(TargetResolver.resolve("\"very long\"", List.of(ada, long1))).isEqualTo(new TargetResolver.Result.Found(long1));
        assertThat(TargetResolver.resolve("\"Very\"", List.of(ada, long1))).isEqualTo(new TargetResolver.Result.Found(long1));
        assertThat(TargetResolver.resolve("Ad", List.of(ada, long1))).isEqualTo(new TargetResolver.Result.Found(ada));
        // A whole name wins over the start of another; two starts are ambiguous.
        assertThat(TargetResolver.resolve("bob", List.of(bob, bobby))).isEqualTo(new TargetResolver.Result.Found(bob));
        assertThat(refusal(TargetResolver.resolve("Bo", List.of(bob, bobby)))).contains("several");
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
