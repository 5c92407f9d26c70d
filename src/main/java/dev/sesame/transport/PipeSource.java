package dev.sesame.transport;

import dev.sesame.wire.HostPort;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where an incoming pipe comes from, as far as the listener can tell: the key of admission
 * (guess budget, handshake slots, links per source; {@code docs/SECURITY.md} §Admission).
 * Two pipes with equal sources share every limit.
 */
public sealed interface PipeSource {
    /** Direct TCP: an IPv4 address, or the /64 of an IPv6 address (one host can use a whole /64). */
    record Address(byte[] prefix) implements PipeSource {
        public Address {
            if (prefix.length != 4 && prefix.length != 8) throw new IllegalArgumentException("an IPv4 address or an IPv6 /64");
            prefix = prefix.clone();
        }

        public static Address of(InetAddress address) {
            byte[] bytes = address.getAddress();
            return new Address(address instanceof Inet6Address ? Arrays.copyOf(bytes, 8) : bytes);
        }

        @Override
        public byte[] prefix() {
            return prefix.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Address other && Arrays.equals(prefix, other.prefix);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(prefix);
        }

        @Override
        public String toString() {
            if (prefix.length == 4) return (prefix[0] & 0xff) + "." + (prefix[1] & 0xff) + "." + (prefix[2] & 0xff) + "." + (prefix[3] & 0xff);
            return HexFormat.of().formatHex(prefix) + "::/64";
        }
    }

    /**
     * Every pipe through one relay: a relay can invent member ids, so all of them share one
     * budget ({@code docs/SECURITY.md} §Relay).
     */
    record Relay(HostPort relay) implements PipeSource {
        @Override
        public String toString() {
            return "relay " + relay;
        }
    }

    /** Every onion pipe arrives from the local tor: one shared source. */
    record Tor() implements PipeSource {
        @Override
        public String toString() {
            return "tor";
        }
    }
}
