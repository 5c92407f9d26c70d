package dev.sesame.link;

import java.util.Locale;

/**
 * A link could not be established. {@link Reason#authentication()} separates a failed proof of
 * the phrase (shown as {@code auth_failed}) from a protocol violation or a broken connection
 * (shown as {@code rejected}).
 */
public final class HandshakeException extends Exception {
    public enum Reason {
        WRONG_PHRASE(true), CONFIRM_FAILED(true), PAKE_INVALID(true),
        SELF_CONNECTION(false), UNSUPPORTED_VERSION(false), PROTOCOL(false), BAD_KEY(false),
        TLS_FAILED(false), TIMEOUT(false), CLOSED(false), REFUSED(false);

        private final boolean authentication;

        Reason(boolean authentication) {
            this.authentication = authentication;
        }

        /** True when the peer failed to prove it knows the phrase. */
        public boolean authentication() {
            return authentication;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public HandshakeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public HandshakeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
