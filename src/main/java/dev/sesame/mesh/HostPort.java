package dev.sesame.mesh;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A peer address as a person typed it: {@code host:port}, {@code 192.0.2.7:9000} or
 * {@code [2001:db8::1]:9000}. Resolved only when dialled.
 */
public record HostPort(String host, int port) {
    public HostPort {
        if (host.isEmpty()) throw new IllegalArgumentException("empty host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    /** Parses {@code HOST:PORT}; IPv6 literals in brackets. Empty on any malformed input. */
    public static Optional<HostPort> parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 2 || close + 1 >= text.length() || text.charAt(close + 1) != ':') return Optional.empty();
            host = text.substring(1, close);
            if (host.indexOf(':') < 0) return Optional.empty();
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) return Optional.empty(); // bare IPv6 needs brackets
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        if (!port.matches("[0-9]{1,5}") || !host.matches("[A-Za-z0-9.:%_-]+")) return Optional.empty();
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) return Optional.empty();
        return Optional.of(new HostPort(host, number));
    }

    /** Resolves the host now: a literal needs no lookup, a name goes to the system resolver. */
    public InetSocketAddress resolve() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
