package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.RecordingResolverProvider;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.HostPort;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Review finding: PEERS hosts are meant to be IP literals only ("no DNS lookups on behalf of
 * strangers", docs/PROTOCOL.md §9), but Discovery only checks that the host consists of the
 * characters {@code [0-9A-Fa-f.:]} and then calls {@code InetAddress.getByName}. Plenty of DNS
 * names consist of those characters only ({@code bad.cafe}, {@code fade.be},
 * {@code 1a2b3c.dead.beef}), so a member makes us resolve names of its choosing (leaking our
 * resolver to its name server and choosing the address we dial), on the single mesh thread,
 * which stalls for as long as each lookup takes: up to 64 per PEERS message, as often as it likes.
 */
class DiscoveryLiteralsTest {
    private static Optional<Endpoint> addressOf(String host) {
        return AnnouncedEndpoints.ofPeers(new Endpoint.Direct(new HostPort(host, 7000)), Optional.of("198.51.100.7"));
    }

    @Test
    void anAnnouncedHostNameIsNeverLookedUp() throws Exception {
        String name = "c0ffee" + RecordingResolverProvider.SUFFIX;
        RecordingResolverProvider.LOOKUPS.clear();
        Optional<Endpoint> result = addressOf(name);
        assertThat(RecordingResolverProvider.LOOKUPS).as("names looked up while parsing a PEERS entry").isEmpty();
        assertThat(result).isEmpty();
    }

    @Test
    void literalsStillWork() throws Exception {
        assertThat(addressOf("203.0.113.9")).contains(new Endpoint.Direct(new HostPort("203.0.113.9", 7000)));
        assertThat(addressOf("2001:db8::1")).contains(new Endpoint.Direct(new HostPort("2001:db8:0:0:0:0:0:1", 7000)));
    }

    @Test
    void aLoopbackOrWildcardHostMeansTheAnnouncersMachine() {
        assertThat(addressOf("127.0.0.1")).contains(new Endpoint.Direct(new HostPort("198.51.100.7", 7000)));
        assertThat(addressOf("0.0.0.0")).contains(new Endpoint.Direct(new HostPort("198.51.100.7", 7000)));
        assertThat(AnnouncedEndpoints.ofPeers(new Endpoint.Direct(new HostPort("0.0.0.0", 7000)), Optional.empty()))
                .as("a wildcard from an announcer whose address we cannot see").isEmpty();
    }
}
