package dev.sesame.util;

/**
 * Bytes from outside did not parse. The {@link Kind} separates input that ended early from
 * input that claims more than a limit allows and input that is simply wrong, so that callers
 * can report the right reason.
 */
public final class MalformedInputException extends Exception {
    public enum Kind { TRUNCATED, TOO_LONG, MALFORMED }

    private final Kind kind;

    public MalformedInputException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
