package dev.sesame.wire;

import dev.sesame.util.MalformedInputException;
import java.util.Locale;

/**
 * Bytes from a peer broke the wire format. The link is closed after any of these: on an
 * encrypted, framed stream there is no safe way to resynchronise.
 */
public final class WireException extends Exception {
    /** Why the input was rejected; {@link #code()} is the reason string shown in events. */
    public enum Reason implements dev.sesame.util.ReasonCode {
        UNSUPPORTED_VERSION, UNKNOWN_TYPE, UNKNOWN_FLAG, TOO_LONG, TRUNCATED, MALFORMED, NONZERO_PADDING, UNEXPECTED;

        @Override
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public WireException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Maps a parse failure of a field to the matching wire reason. */
    public static WireException from(MalformedInputException e) {
        Reason reason = switch (e.kind()) {
            case TRUNCATED -> Reason.TRUNCATED;
            case TOO_LONG -> Reason.TOO_LONG;
            case MALFORMED -> Reason.MALFORMED;
        };
        return new WireException(reason, e.getMessage());
    }
}
