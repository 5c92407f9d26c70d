package dev.sesame.transport;

import dev.sesame.limits.Limits;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.HostPort;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The direct endpoints a TCP listener announces in HELLO (docs/PROTOCOL.md §1a, "Endpoints").
 * A listener bound to one address announces that address. One bound to every interface (the
 * default) announces its interfaces' addresses instead of the wildcard: a member who meets us
 * through a relay cannot see our address, and with only "the address you see me at" it could
 * never dial us directly. Loopback, link-local, wildcard and multicast addresses are left out;
 * a listener on {@code 0.0.0.0} announces IPv4 addresses only, one on {@code ::} IPv4 then IPv6.
 * At most {@link Limits#MAX_ENDPOINTS}. With no usable interface address it announces the
 * wildcard, as before. Members learn these addresses (docs/SECURITY.md, "What members learn").
 */
final class ListenEndpoints {
    /** Interface addresses are read again after this long (a laptop changes networks). */
    private static final long REFRESH_NANOS = java.time.Duration.ofSeconds(10).toNanos();

    private volatile Snapshot snapshot;

    private record Snapshot(List<InetAddress> addresses, long readAtNanos) {}

    /** The endpoints to announce for a listener bound to {@code bound}; interface addresses are cached briefly. */
    List<Endpoint> of(InetSocketAddress bound) {
        if (!bound.getAddress().isAnyLocalAddress()) return announced(bound, List.of());
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s == null || now - s.readAtNanos() > REFRESH_NANOS) {
            s = new Snapshot(interfaceAddresses(), now);
            snapshot = s;
        }
        return announced(bound, s.addresses());
    }

    /** Pure: what a listener bound to {@code bound} announces when the machine has {@code interfaceAddresses}. */
    static List<Endpoint> announced(InetSocketAddress bound, List<InetAddress> interfaceAddresses) {
        InetAddress host = bound.getAddress();
        int port = bound.getPort();
        if (!host.isAnyLocalAddress()) return List.of(direct(host, port));
        boolean ipv4Only = host instanceof Inet4Address;
        List<InetAddress> usable = interfaceAddresses.stream()
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress() && !a.isMulticastAddress())
                .filter(a -> !ipv4Only || a instanceof Inet4Address)
                .sorted(Comparator.comparingInt((InetAddress a) -> a instanceof Inet4Address ? 0 : 1)) // stable: interface order within a family
                .toList();
        List<Endpoint> out = new ArrayList<>();
        for (InetAddress a : usable) {
            Endpoint e = direct(a, port);
            if (out.size() < Limits.MAX_ENDPOINTS && !out.contains(e)) out.add(e);
        }
        return out.isEmpty() ? List.of(direct(host, port)) : List.copyOf(out);
    }

    private static Endpoint direct(InetAddress host, int port) {
        return new Endpoint.Direct(new HostPort(TcpTransport.hostLiteral(host), port));
    }

    /** Every address of every interface that is up; none when they cannot be read. */
    private static List<InetAddress> interfaceAddresses() {
        try {
            List<InetAddress> all = new ArrayList<>();
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                if (nic.isUp() && !nic.isLoopback()) all.addAll(nic.inetAddresses().toList());
            }
            return all;
        } catch (SocketException e) {
            return List.of();
        }
    }
}
