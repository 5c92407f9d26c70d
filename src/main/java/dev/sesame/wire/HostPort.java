package dev.sesame.wire;

import dev.sesame.limits.Limits;
import dev.sesame.util.ByteReader;
import dev.sesame.util.ByteWriter;
import dev.sesame.util.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A host and port as a person typed it or a peer announced it: {@code host:port},
 * {@code 192.0.2.7:9000} or {@code [2001:db8::1]:9000}. Pure data: names are resolved only by
 * the TCP transport, when dialled ({@code docs/PROTOCOL.md} §Endpoints).
 */
public record HostPort(String host, int port) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:%_-]+");

    public HostPort {
        if (host.isEmpty()) throw new IllegalArgumentException("empty host");
        if (host.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_HOST_BYTES) throw new IllegalArgumentException("host too long");
        if (!HOST.matcher(host).matches()) throw new IllegalArgumentException("host has characters a host cannot have");
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
        if (!port.matches("[0-9]{1,5}") || !HOST.matcher(host).matches() || host.length() > Limits.MAX_HOST_BYTES) {
            return Optional.empty();
        }
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) return Optional.empty();
        return Optional.of(new HostPort(host, number));
    }

    void encode(ByteWriter w) {
        w.utf8Var8(host).u16(port);
    }

    static HostPort decode(ByteReader r) throws MalformedInputException, WireException {
        String host = r.utf8Var8(Limits.MAX_HOST_BYTES, "host");
        int port = r.u16();
        try {
            return new HostPort(host, port);
        } catch (IllegalArgumentException e) {
            throw new WireException(WireException.Reason.MALFORMED, "bad host or port: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
