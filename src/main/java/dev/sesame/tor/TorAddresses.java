package dev.sesame.tor;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tor's own ports as tor reports them or a person types them: loopback IP literals only, parsed
 * without a resolver (in {@code --tor} mode nothing is resolved locally). {@code localhost} is
 * taken to mean 127.0.0.1 without asking anyone. Pure.
 */
public final class TorAddresses {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3}):(\\d{1,5})");

    private TorAddresses() {}

    /** {@code 127.0.0.1:9051} (or {@code localhost:9051}) to an address; empty if not a loopback IPv4 literal with a port. */
    public static Optional<InetSocketAddress> loopback(String text) {
        String t = text.strip();
        if (t.startsWith("localhost:")) t = "127.0.0.1:" + t.substring(10);
        Matcher m = IPV4.matcher(t);
        if (!m.matches()) return Optional.empty();
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(m.group(i + 1));
            if (octet > 255) return Optional.empty();
            address[i] = (byte) octet;
        }
        int port = Integer.parseInt(m.group(5));
        if (port < 1 || port > 65535 || address[0] != 127) return Optional.empty();
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByAddress(address), port)); // no lookup: bytes given
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }
}
