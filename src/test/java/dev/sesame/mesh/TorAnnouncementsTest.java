package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.RecordingResolverProvider;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.HostPort;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** In {@code --tor} mode no IP address leaves in PEERS, and a typed .onion peer is never resolved (docs/SECURITY.md "Tor"). */
class TorAnnouncementsTest {
    private static final String ID = "ylnvor3fqlsjex6np4oyrxu6xndag2mrulso7pbc3vblrq64omjpeiqd";

    @Test
    void peersCarriesOnlyOnionEndpointsOverTor() {
        Endpoint onion = new Endpoint.Onion(ID, 9000);
        List<Endpoint> mixed = List.of(new Endpoint.Direct(new HostPort("203.0.113.9", 9000)), onion,
                new Endpoint.Direct(new HostPort("2001:db8:0:0:0:0:0:1", 9000)));
        assertThat(AnnouncedEndpoints.toAnnounce(mixed, true)).containsExactly(onion);
        assertThat(AnnouncedEndpoints.toAnnounce(List.of(new Endpoint.Direct(new HostPort("203.0.113.9", 9000))), true)).isEmpty();
        assertThat(AnnouncedEndpoints.toAnnounce(mixed, false)).isEqualTo(mixed);
    }

    @Test
    void aTypedOnionPeerBecomesAnOnionEndpointWithoutALookup() {
        RecordingResolverProvider.LOOKUPS.clear();
        DialTarget target = DialTarget.configured(new HostPort(ID.toUpperCase() + ".onion", 9000), new Random(1));
        assertThat(target.endpoint).isEqualTo(new Endpoint.Onion(ID, 9000));
        assertThat(DialTarget.configured(new HostPort("peer" + RecordingResolverProvider.SUFFIX, 9000), new Random(1)).endpoint)
                .isInstanceOf(Endpoint.Direct.class);
        assertThat(RecordingResolverProvider.LOOKUPS).isEmpty();
    }

    @Test
    void onlyV3OnionNamesAreOnionEndpoints() {
        assertThat(Endpoint.Onion.fromHostPort(new HostPort("abc.onion", 9000))).isEmpty();
        assertThat(Endpoint.Onion.fromHostPort(new HostPort(ID.substring(0, 50) + ".onion.ex", 9000))).isEmpty();
        assertThat(Endpoint.Onion.fromHostPort(new HostPort(ID.replace('y', '1') + ".onion", 9000))).isEmpty();
    }
}
