package dev.sesame.tor;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How {@code --tor} finds and uses tor (docs/USAGE.md "Over Tor"). Empty control/socks means
 * "look at the usual ports": 9051/9050 (a system tor), then 9151/9150 (Tor Browser). The
 * torrc, when given, is the base configuration of an own tor (bridges, or a test network).
 */
public record TorSettings(Optional<InetSocketAddress> control, Optional<InetSocketAddress> socks, Optional<Path> ownTorrc,
                          int virtualPort, Duration bootstrapTimeout, Duration descriptorTimeout, Duration dialTimeout,
                          Duration silenceTimeout) {
    public TorSettings {
        for (InetSocketAddress a : new InetSocketAddress[] {control.orElse(null), socks.orElse(null)}) {
            if (a != null && (a.isUnresolved() || !a.getAddress().isLoopbackAddress())) {
                throw new IllegalArgumentException("tor's ports must be on loopback: " + a);
            }
        }
        if (virtualPort < 1 || virtualPort > 65535) throw new IllegalArgumentException("port");
    }
}
