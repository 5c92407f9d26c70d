package dev.sesame.cli;

import dev.sesame.limits.Limits;
import dev.sesame.tor.TorAddresses;
import dev.sesame.tor.TorSettings;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.HostPort;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code --tor} options after every check (docs/USAGE.md "Over Tor"). Checked before
 * anything else looks at the command line, so that in {@code --tor} mode no option can make
 * Sesame resolve a name or bind a public address.
 */
final class TorOptions {
    private TorOptions() {}

    /** Empty without {@code --tor}; refuses Tor options without it and direct options with it. */
    static Optional<TorSettings> of(Options o) throws UsageException {
        if (!o.tor) {
            if (o.torControl != null || o.torSocks != null || o.torConfig != null) throw new UsageException("--tor-control, --tor-socks and --tor-config need --tor");
            for (String peer : o.peers) {
                if (HostPort.parse(peer).flatMap(Endpoint.Onion::fromHostPort).isPresent()) {
                    throw new UsageException("--peer " + peer + ": an onion address needs --tor");
                }
            }
            return Optional.empty();
        }
        if (o.bind != null) throw new UsageException("--bind cannot be used with --tor: Sesame listens only for tor, on 127.0.0.1");
        // A relay is reached over direct TCP: with --tor that would show our address to it.
        if (!o.relays.isEmpty() || o.room != null) throw new UsageException("--relay and --room cannot be used with --tor: a relay is reached directly, which would reveal your address");
        for (String peer : o.peers) {
            Optional<HostPort> hostPort = HostPort.parse(peer);
            if (hostPort.flatMap(Endpoint.Onion::fromHostPort).isEmpty()) {
                throw new UsageException("--peer " + peer + ": with --tor every peer is an onion address (56 characters).onion:PORT");
            }
        }
        if (o.port < 1) throw new UsageException("--port with --tor is the onion service's port and must be 1 to 65535");
        Optional<InetSocketAddress> control = loopback(o.torControl, "--tor-control");
        Optional<InetSocketAddress> socks = loopback(o.torSocks, "--tor-socks");
        return Optional.of(new TorSettings(control, socks, Optional.ofNullable(o.torConfig), o.port,
                timeout(o.torBootstrapTimeoutSeconds, "--tor-bootstrap-timeout"), timeout(o.torPublishTimeoutSeconds, "--tor-publish-timeout"),
                timeout(o.torDialTimeoutSeconds, "--tor-dial-timeout"), timeout(o.torSilenceTimeoutSeconds, "--tor-silence-timeout")));
    }

    private static Optional<InetSocketAddress> loopback(String text, String option) throws UsageException {
        if (text == null) return Optional.empty();
        return Optional.of(TorAddresses.loopback(text).orElseThrow(() -> new UsageException(
                option + ": expected a loopback address such as 127.0.0.1:9051, got \"" + text + "\"")));
    }

    private static Duration timeout(int seconds, String option) throws UsageException {
        Duration d = Duration.ofSeconds(seconds);
        if (d.compareTo(Limits.MIN_TOR_TIMEOUT) < 0 || d.compareTo(Limits.MAX_TOR_TIMEOUT) > 0) {
            throw new UsageException(option + " must be between " + Limits.MIN_TOR_TIMEOUT.toSeconds() + " and "
                    + Limits.MAX_TOR_TIMEOUT.toSeconds() + " seconds");
        }
        return d;
    }
}
