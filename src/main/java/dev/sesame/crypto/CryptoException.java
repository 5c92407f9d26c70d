package dev.sesame.crypto;

/**
 * A cryptographic check on input from the network failed: a tag did not verify, a public key
 * was malformed or of small order, a PAKE proof was wrong. Expected, and never fatal to the
 * process. The message names the check, never key material.
 */
public final class CryptoException extends Exception {
    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
