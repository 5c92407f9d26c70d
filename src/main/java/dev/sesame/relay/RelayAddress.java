package dev.sesame.relay;

import dev.sesame.wire.HostPort;
import java.util.Optional;

/**
 * A relay as given with {@code --relay HOST:PORT[#FINGERPRINT]}: where it is and, optionally,
 * the certificate fingerprint it must show ({@code docs/USAGE.md}, "Relay"). Immutable.
 */
public record RelayAddress(HostPort hostPort, Optional<RelayFingerprint> pinned) {
    /** Parses the option value; empty when malformed (the caller names the option in its error). */
    public static Optional<RelayAddress> parse(String text) {
        int hash = text.indexOf('#');
        String where = hash < 0 ? text : text.substring(0, hash);
        Optional<HostPort> hostPort = HostPort.parse(where);
        if (hostPort.isEmpty()) return Optional.empty();
        if (hash < 0) return Optional.of(new RelayAddress(hostPort.get(), Optional.empty()));
        return RelayFingerprint.parse(text.substring(hash + 1)).map(f -> new RelayAddress(hostPort.get(), Optional.of(f)));
    }

    @Override
    public String toString() {
        return hostPort.toString();
    }
}
