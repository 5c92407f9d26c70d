package dev.sesame.cli;

/** Bad command-line input: printed as one line on stderr, exit code 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
