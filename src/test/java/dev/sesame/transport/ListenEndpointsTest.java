package dev.sesame.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.HostPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a TCP listener announces in HELLO (docs/PROTOCOL.md §1a, "Endpoints"): its own address
 * when bound to one, its interfaces' usable addresses when bound to all (so a member met through
 * a relay can dial it directly), and the relayed endpoints are never crowded out.
 */
class ListenEndpointsTest {
    private static final List<InetAddress> MACHINE = List.of(ip("127.0.0.1"), ip("::1"), ip("fe80::1"), ip("169.254.7.7"),
            ip("192.168.1.5"), ip("2001:db8::5"), ip("10.0.0.2"), ip("224.0.0.251"));

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    private static Endpoint direct(String host, int port) {
        return new Endpoint.Direct(new HostPort(host, port));
    }

    private static List<Endpoint> announced(String bound, List<InetAddress> machine) {
        return ListenEndpoints.announced(new InetSocketAddress(ip(bound), 9000), machine);
    }

    @Test
    void aListenerBoundToOneAddressAnnouncesThatAddressOnlyLoopbackIncluded() {
        assertThat(announced("127.0.0.1", MACHINE)).containsExactly(direct("127.0.0.1", 9000));
        assertThat(announced("192.168.1.5", MACHINE)).containsExactly(direct("192.168.1.5", 9000));
    }

    @Test
    void aListenerOnTheIpv4WildcardAnnouncesItsIpv4InterfaceAddressesWithoutLoopbackLinkLocalOrMulticast() {
        assertThat(announced("0.0.0.0", MACHINE)).containsExactly(direct("192.168.1.5", 9000), direct("10.0.0.2", 9000));
    }

    @Test
    void aListenerOnTheIpv6WildcardAnnouncesIpv4ThenIpv6Addresses() {
        assertThat(announced("::", MACHINE))
                .containsExactly(direct("192.168.1.5", 9000), direct("10.0.0.2", 9000), direct("2001:db8:0:0:0:0:0:5", 9000));
    }

    @Test
    void atMostTheEndpointLimitAndNoAddressTwice() {
        List<InetAddress> many = List.of(ip("10.0.0.1"), ip("10.0.0.2"), ip("10.0.0.2"), ip("10.0.0.3"), ip("10.0.0.4"),
                ip("10.0.0.5"), ip("10.0.0.6"));

        List<Endpoint> out = announced("0.0.0.0", many);

        assertThat(out).hasSize(Limits.MAX_ENDPOINTS).doesNotHaveDuplicates()
                .startsWith(direct("10.0.0.1", 9000), direct("10.0.0.2", 9000), direct("10.0.0.3", 9000));
    }

    @Test
    void withNoUsableInterfaceAddressTheWildcardStillMeansTheAddressYouSeeMeAt() {
        assertThat(announced("0.0.0.0", List.of(ip("127.0.0.1"), ip("fe80::1")))).containsExactly(direct("0.0.0.0", 9000));
        assertThat(announced("::", List.of())).containsExactly(direct("::", 9000));
    }

    @Test
    void severalInterfaceAddressesNeverCrowdOutARelayedEndpoint() {
        Endpoint relayed = new Endpoint.Relayed(new HostPort("10.9.9.9", 9700), new byte[32], new byte[32], new byte[16]);
        Transport listener = fixed(List.of(direct("10.0.0.1", 9000), direct("10.0.0.2", 9000), direct("10.0.0.3", 9000),
                direct("10.0.0.4", 9000)));
        Transport relay = fixed(List.of(relayed));

        List<Endpoint> all = new Transports(List.of(listener, relay)).reachableAt();

        assertThat(all).hasSize(Limits.MAX_ENDPOINTS).contains(relayed)
                .startsWith(direct("10.0.0.1", 9000), relayed, direct("10.0.0.2", 9000));
    }

    /** A transport that is reachable at {@code endpoints} and does nothing else. */
    private static Transport fixed(List<Endpoint> endpoints) {
        return new Transport() {
            @Override
            public boolean canDial(Endpoint endpoint) {
                return false;
            }

            @Override
            public Pipe dial(Endpoint endpoint) throws TransportException {
                throw new TransportException(TransportException.Reason.UNSUPPORTED, "test");
            }

            @Override
            public void start(Incoming incoming) throws IOException {}

            @Override
            public List<Endpoint> reachableAt() {
                return endpoints;
            }

            @Override
            public void close() {}
        };
    }
}
