package dev.sesame.mesh;

import dev.sesame.wire.Endpoint;
import dev.sesame.wire.HostPort;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an announced endpoint (in a HELLO or a PEERS entry) means to us ({@code docs/PROTOCOL.md}
 * §Endpoints). Direct hosts must be IP literals: no DNS lookup on behalf of strangers. A
 * wildcard host means "the address you see me at"; a loopback host from a peer that is not on
 * our machine means the same. Pure functions.
 */
final class AnnouncedEndpoints {
    private AnnouncedEndpoints() {}

    /**
     * A peer's own endpoints from its HELLO, completed with the host we see its pipe come from
     * ({@code seenHost}, empty for a relayed or onion pipe). Direct endpoints take the seen host
     * unless both are loopback (several nodes on one machine bind 127.0.0.x).
     */
    static List<Endpoint> ofHello(List<Endpoint> announced, Optional<String> seenHost) {
        List<Endpoint> out = new ArrayList<>();
        for (Endpoint e : announced) {
            if (e instanceof Endpoint.Direct(HostPort hp)) {
                Optional<InetAddress> host = literal(hp.host());
                if (host.isEmpty()) continue;
                Optional<InetAddress> seen = seenHost.flatMap(AnnouncedEndpoints::literal);
                InetAddress chosen;
                if (seen.isPresent()) {
                    chosen = host.get().isLoopbackAddress() && seen.get().isLoopbackAddress() ? host.get() : seen.get();
                } else if (host.get().isAnyLocalAddress()) {
                    continue;
                } else {
                    chosen = host.get();
                }
                add(out, direct(chosen, hp.port()));
            } else {
                add(out, e);
            }
        }
        return List.copyOf(out);
    }

    /**
     * One endpoint from a PEERS entry of {@code announcer} (whose host we see as {@code seenHost}):
     * the host is as the announcer saw the peer, so a loopback or wildcard host means the
     * announcer's machine. Empty when it cannot be used.
     */
    static Optional<Endpoint> ofPeers(Endpoint announced, Optional<String> seenHost) {
        if (!(announced instanceof Endpoint.Direct(HostPort hp))) return Optional.of(announced);
        Optional<InetAddress> host = literal(hp.host());
        if (host.isEmpty()) return Optional.empty();
        Optional<InetAddress> seen = seenHost.flatMap(AnnouncedEndpoints::literal);
        InetAddress chosen = host.get();
        if (chosen.isLoopbackAddress() || chosen.isAnyLocalAddress()) {
            if (seen.isPresent() && (!seen.get().isLoopbackAddress() || chosen.isAnyLocalAddress())) chosen = seen.get();
            else if (chosen.isAnyLocalAddress()) return Optional.empty();
        }
        return Optional.of(direct(chosen, hp.port()));
    }

    /** What we pass on in PEERS about a peer: in {@code --tor} mode its onion endpoints only, never an IP address. */
    static List<Endpoint> toAnnounce(List<Endpoint> endpoints, boolean torOnly) {
        return torOnly ? endpoints.stream().filter(Endpoint.Onion.class::isInstance).toList() : endpoints;
    }

    /** An IP literal, parsed without any resolver ({@code ofLiteral} never looks a name up). */
    static Optional<InetAddress> literal(String host) {
        if (!host.matches("[0-9A-Fa-f.:]+")) return Optional.empty();
        try {
            return Optional.of(InetAddress.ofLiteral(host));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A direct endpoint in canonical form, so equal addresses compare equal. */
    static Endpoint direct(InetAddress host, int port) {
        String literal = host.getHostAddress();
        int scope = literal.indexOf('%');
        return new Endpoint.Direct(new HostPort(scope < 0 ? literal : literal.substring(0, scope), port));
    }

    /** A configured or announced direct endpoint with an IP-literal host in canonical form; others unchanged. */
    static Endpoint canonical(Endpoint e) {
        if (e instanceof Endpoint.Direct(HostPort hp)) {
            Optional<InetAddress> host = literal(hp.host());
            if (host.isPresent()) return direct(host.get(), hp.port());
        }
        return e;
    }

    private static void add(List<Endpoint> out, Endpoint e) {
        if (!out.contains(e)) out.add(e);
    }
}
