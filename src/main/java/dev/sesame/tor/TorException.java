package dev.sesame.tor;

/** Sesame cannot use tor: {@link #reason()} for the event, the message for the person. */
public final class TorException extends Exception {
    private final TorDownReason reason;

    public TorException(TorDownReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public TorException(TorDownReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public TorDownReason reason() {
        return reason;
    }
}
