package dev.sesame.crypto;

/**
 * Secret memory was wiped (a panic, or the exit wipe) while something still used it. Whoever
 * holds such a secret is ending anyway; code that can tell its caller so in its own terms (the
 * ratchet reports itself closed) catches this one type, never every {@link IllegalStateException}.
 */
public final class SecretWipedException extends IllegalStateException {
    SecretWipedException(String message) {
        super(message);
    }
}
