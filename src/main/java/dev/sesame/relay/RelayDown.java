package dev.sesame.relay;

import java.util.Locale;

/** Why a member's connection to a relay is not up; the reason in {@code relay_down} (docs/HEADLESS.md). */
public enum RelayDown {
    /** No TCP connection could be made. */
    UNREACHABLE,
    /** The TLS handshake with the relay failed or took too long. */
    TLS_FAILED,
    /** The relay's certificate is not the pinned one ({@code --relay HOST:PORT#FINGERPRINT}). */
    FINGERPRINT_MISMATCH,
    /** The relay refused us (room full, too many rooms, member id taken, ...). */
    REFUSED,
    /** The relay closed the connection, or it broke. */
    CLOSED,
    /** Nothing came from the relay for too long. */
    TIMEOUT,
    /** The relay broke the relay protocol. */
    PROTOCOL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
