package dev.sesame.relay;

import java.util.Locale;

/**
 * Bytes from the other end of a relay connection broke the relay protocol. The connection is
 * closed; nobody else is affected ({@code docs/PROTOCOL.md}, "Relay").
 */
public final class RelayProtocolException extends Exception {
    public enum Reason {
        /** The connection ended inside a record. */
        TRUNCATED,
        /** A length prefix beyond {@link dev.sesame.limits.Limits#RELAY_MAX_RECORD_BYTES}. */
        TOO_LONG,
        /** A record type this version does not know. */
        UNKNOWN_TYPE,
        /** A known type whose body is wrong (length, count, reason byte, version). */
        MALFORMED,
        /** REGISTER or SPLICE of another protocol version. */
        BAD_VERSION,
        /** A well-formed record that is not allowed at this point of the conversation. */
        UNEXPECTED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public RelayProtocolException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
