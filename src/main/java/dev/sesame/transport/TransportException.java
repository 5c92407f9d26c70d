package dev.sesame.transport;

import java.util.Locale;

/** A dial that did not yield a pipe, with a typed reason. */
public final class TransportException extends Exception {
    public enum Reason implements dev.sesame.util.ReasonCode {
        /** The other end refused (TCP RST, a relay saying no). */
        REFUSED,
        /** No route, host down, network unreachable. */
        UNREACHABLE,
        /** The name could not be resolved. */
        UNRESOLVED,
        /** The dial took longer than its bound. */
        TIMEOUT,
        /** No transport here dials this kind of endpoint. */
        UNSUPPORTED,
        /** The transport is closed or not started. */
        CLOSED,
        /** Any other I/O failure while connecting. */
        FAILED;

        @Override
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public TransportException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public TransportException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
