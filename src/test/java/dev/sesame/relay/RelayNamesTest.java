package dev.sesame.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Room names, relay fingerprints and relay addresses as people type them. */
class RelayNamesTest {
    @Test
    void randomRoomNamesCarryAtLeast128BitsInReadableGroups() {
        String name = RoomName.random(new SecureRandom());
        assertThat(name).matches("[a-z2-9]{4}(-[a-z2-9]{4}){6}");
        assertThat(RoomName.GROUPS * RoomName.GROUP_SYMBOLS * 5).isGreaterThanOrEqualTo(128);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) names.add(RoomName.random(new SecureRandom()));
        assertThat(names).hasSize(1000);
    }

    @Test
    void theRoomHashIgnoresSurroundingSpaceButNothingElse() {
        assertThat(RoomName.hash(" team ")).isEqualTo(RoomName.hash("team")).hasSize(32);
        assertThat(RoomName.hash("team")).isNotEqualTo(RoomName.hash("Team"));
    }

    @Test
    void fingerprintsRoundTripAndRejectAnythingElse() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        RelayFingerprint f = new RelayFingerprint(bytes);
        assertThat(f.text()).hasSize(52);
        assertThat(RelayFingerprint.parse(f.text())).contains(f);
        assertThat(RelayFingerprint.parse(f.text().toUpperCase())).contains(f);
        assertThat(RelayFingerprint.parse(f.text().substring(1))).isEmpty();
        assertThat(RelayFingerprint.parse(f.text().substring(1) + "1")).isEmpty();
    }

    @Test
    void relayAddressesParseWithAndWithoutAPin() {
        byte[] bytes = new byte[32];
        String fp = new RelayFingerprint(bytes).text();
        assertThat(RelayAddress.parse("relay.example:9700")).hasValueSatisfying(a -> assertThat(a.pinned()).isEmpty());
        assertThat(RelayAddress.parse("[::1]:9700#" + fp)).hasValueSatisfying(a -> assertThat(a.pinned()).isPresent());
        assertThat(RelayAddress.parse("relay.example:9700#nonsense")).isEmpty();
        assertThat(RelayAddress.parse("relay.example")).isEmpty();
    }
}
