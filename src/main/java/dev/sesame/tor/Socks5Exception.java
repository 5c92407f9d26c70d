package dev.sesame.tor;

import java.util.Locale;

/**
 * A SOCKS5 request through the local tor failed (RFC 1928). The reason separates what the proxy
 * told us (tor could not reach the onion service) from a proxy that broke the protocol.
 */
public final class Socks5Exception extends Exception {
    public enum Reason {
        /** The proxy sent something RFC 1928 does not allow: wrong version, unknown type, bad length. */
        MALFORMED_REPLY,
        /** The proxy accepts none of the authentication methods we offered. */
        NO_ACCEPTABLE_METHOD,
        /** The proxy refused our username/password (RFC 1929); tor accepts any, so this is not tor. */
        AUTH_REFUSED,
        /** Reply 0x01: general failure (tor: the onion service descriptor could not be fetched, among others). */
        GENERAL_FAILURE,
        /** Reply 0x02. */
        NOT_ALLOWED,
        /** Reply 0x03. */
        NETWORK_UNREACHABLE,
        /** Reply 0x04: tor says the onion service is not reachable right now. */
        HOST_UNREACHABLE,
        /** Reply 0x05. */
        CONNECTION_REFUSED,
        /** Reply 0x06: tor gave up building the circuit or the rendezvous. */
        TTL_EXPIRED,
        /** Reply 0x07 or 0x08: tor does not support what we asked. */
        UNSUPPORTED,
        /** Tor's extended replies (0xF0 to 0xF7, prop 304): the onion address or its descriptor is bad. */
        ONION_FAILURE,
        /** The proxy closed the connection in the middle of the exchange. */
        CLOSED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Reason ofReplyCode(int reply) {
            return switch (reply) {
                case 0x01 -> GENERAL_FAILURE;
                case 0x02 -> NOT_ALLOWED;
                case 0x03 -> NETWORK_UNREACHABLE;
                case 0x04 -> HOST_UNREACHABLE;
                case 0x05 -> CONNECTION_REFUSED;
                case 0x06 -> TTL_EXPIRED;
                case 0x07, 0x08 -> UNSUPPORTED;
                default -> reply >= 0xF0 && reply <= 0xF7 ? ONION_FAILURE : MALFORMED_REPLY;
            };
        }
    }

    private final Reason reason;

    public Socks5Exception(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
