package dev.sesame.link;

import java.util.Locale;

/**
 * A link could not be established. {@link Reason#authentication()} separates a failed proof of
 * the phrase (shown as {@code auth_failed}) from a protocol violation or a broken connection
 * (shown as {@code rejected}).
 */
public final class HandshakeException extends Exception {
    public enum Reason implements dev.sesame.util.ReasonCode {
        WRONG_PHRASE(true), CONFIRM_FAILED(true), PAKE_INVALID(true),
        /**
         * The peer had our J-PAKE round 3, which lets it check one phrase guess offline, and then
         * did not finish (hung up, stalled or sent garbage): counted like a wrong phrase.
         */
        UNCONFIRMED(true),
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

        @Override
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;
    private final dev.sesame.util.ReasonCode code;

    public HandshakeException(Reason reason, String message) {
        this(reason, reason, message, null);
    }

    public HandshakeException(Reason reason, String message, Throwable cause) {
        this(reason, reason, message, cause);
    }

    /** With a finer reason code than the {@link Reason} (a protocol violation names the wire rule). */
    public HandshakeException(Reason reason, dev.sesame.util.ReasonCode code, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.code = code;
    }

    public Reason reason() {
        return reason;
    }

    /** The reason shown in {@code auth_failed} and {@code rejected} events. */
    public dev.sesame.util.ReasonCode code() {
        return code;
    }
}
