package dev.sesame.link;

import java.util.Locale;

/** Why a link ended; {@link #code()} is the reason shown in events. */
public enum CloseReason implements dev.sesame.util.ReasonCode {
    /** We closed it on purpose (leaving, or replaced). */
    LOCAL,
    /** The peer closed the connection. */
    CLOSED,
    /** Nothing arrived for too long. */
    TIMEOUT,
    /** The connection broke. */
    ERROR,
    /** The peer broke the protocol (bad cell, bad record, failed decryption). */
    PROTOCOL,
    /** A second link to the same peer won; this one was dropped. */
    DUPLICATE,
    /** Panic: dropped without a word. */
    ABORTED;

    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
