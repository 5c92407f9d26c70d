package dev.sesame.tor;

import java.util.Locale;

/** A control-port exchange with tor failed; {@link Reason#code()} is the reason in {@code tor_down}. */
public final class TorControlException extends Exception {
    public enum Reason {
        /** Nothing answers at the control port. */
        UNREACHABLE,
        /** The control port offers no method we support (only a password): set {@code CookieAuthentication 1}. */
        NO_AUTH_METHOD,
        /** The cookie file named by tor is missing, unreadable or not 32 bytes. */
        COOKIE_UNREADABLE,
        /** Tor refused our authentication, or its SAFECOOKIE proof was wrong (not the tor we asked). */
        AUTH_FAILED,
        /** Tor answered a command with an error (e.g. ADD_ONION refused). */
        REFUSED,
        /** Tor sent something the control protocol does not allow: too long, malformed, wrong status. */
        PROTOCOL,
        /** No reply within {@code Limits.TOR_CONTROL_REPLY_TIMEOUT}. */
        TIMEOUT,
        /** Tor closed the control connection (it exited, or was stopped). */
        CLOSED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public TorControlException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public TorControlException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
