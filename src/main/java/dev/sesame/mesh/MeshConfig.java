package dev.sesame.mesh;

import dev.sesame.wire.HostPort;
import dev.sesame.limits.Limits;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How this node joins the mesh.
 *
 * @param bind        local address to listen on; empty for all interfaces (IPv4 and IPv6)
 * @param port        listen port; 0 picks a free one
 * @param peers       addresses given with {@code --peer}: redialled for the whole run
 * @param maxPeers    most links at once
 * @param maxLinksPerAddress most incoming links (and handshakes) from one IP address
 * @param deliveryTimeout how long an unacknowledged message is retried before it is reported undelivered
 * @param displayName the name sent to peers; empty for none
 * @param listen      false for {@code --no-listen}: no TCP listener, reachable through relays only
 */
public record MeshConfig(Optional<InetAddress> bind, int port, List<HostPort> peers, int maxPeers,
                         int maxLinksPerAddress, Duration deliveryTimeout, Optional<String> displayName, boolean listen) {
    public MeshConfig {
        peers = List.copyOf(peers);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (maxPeers < 1) throw new IllegalArgumentException("maxPeers < 1");
        if (maxLinksPerAddress < 1) throw new IllegalArgumentException("maxLinksPerAddress < 1");
    }

    public static MeshConfig defaults() {
        return new MeshConfig(Optional.empty(), 9000, List.of(), Limits.DEFAULT_MAX_PEERS,
                Limits.DEFAULT_MAX_LINKS_PER_ADDRESS, Limits.DEFAULT_DELIVERY_TIMEOUT, Optional.empty(), true);
    }
}
