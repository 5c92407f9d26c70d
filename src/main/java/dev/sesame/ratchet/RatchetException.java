package dev.sesame.ratchet;

/**
 * A record from the peer was refused by the {@link DoubleRatchet}. Expected on a hostile or
 * broken link, never fatal to the process; the ratchet's state is unchanged when this is thrown.
 *
 * <p>The {@link Reason} is for our own logs and events. Never send it, or the message, to the
 * peer: telling an attacker why a forgery failed helps the next one.
 */
public final class RatchetException extends Exception {
    /** Why a record was refused. */
    public enum Reason implements dev.sesame.util.ReasonCode {
        /** The record does not parse: too short, too long, or a non-canonical or invalid ratchet key. */
        MALFORMED,
        /** The message was already decrypted: its key was used and deleted. */
        REPLAY,
        /** The record carries our own current ratchet key: one of our records was sent back to us. */
        REFLECTED,
        /** Accepting the record would skip more message keys in one chain than the limit allows. */
        TOO_MANY_SKIPPED,
        /** The record belongs to a retired chain whose key for it is gone (evicted, or past the chain's end). */
        STALE_KEY,
        /** Authentication failed: a forgery, a changed bit, or a record from another session or link. */
        DECRYPT_FAILED,
        /** The ratchet was closed; its keys are gone. */
        CLOSED;

        /** {@code ratchet_<reason>}, as events show it (docs/HEADLESS.md). */
        @Override
        public String code() {
            return "ratchet_" + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    RatchetException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    RatchetException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "RatchetException[" + reason + "]: " + getMessage();
    }
}
