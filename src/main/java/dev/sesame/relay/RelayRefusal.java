package dev.sesame.relay;

import java.util.Locale;
import java.util.Optional;

/**
 * Why the relay said no ({@link RelayMessage.Refused}); the wire byte is {@link #wire()}, the name
 * in events is {@link #code()} ({@code docs/PROTOCOL.md}, "Relay").
 */
public enum RelayRefusal {
    /** The first record was not version {@link RelayMessage#VERSION}. */
    BAD_VERSION(1),
    /** A record did not parse, or was not allowed at that point. */
    MALFORMED(2),
    /** The relay holds its most rooms. */
    TOO_MANY_ROOMS(3),
    /** The room holds its most members. */
    ROOM_FULL(4),
    /** Another connection in this room already uses that member id. */
    MEMBER_ID_TAKEN(5),
    /** The requested member is not in the room (any more). */
    NO_SUCH_MEMBER(6),
    /** The requester or the target takes part in its most pipes. */
    TOO_MANY_PIPES(7),
    /** Too many pipe requests from this source, in all or to that member. */
    RATE_LIMITED(8),
    /** No pending pipe has that token (never issued, already spliced, or timed out). */
    UNKNOWN_TOKEN(9),
    /** The other end of the pipe did not arrive in time. */
    PIPE_TIMEOUT(10),
    /** The relay holds its most connections, in all or from this source. */
    TOO_MANY_CONNECTIONS(11);

    private final int wire;

    RelayRefusal(int wire) {
        this.wire = wire;
    }

    public int wire() {
        return wire;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RelayRefusal> ofWire(int value) {
        for (RelayRefusal r : values()) {
            if (r.wire == value) return Optional.of(r);
        }
        return Optional.empty();
    }
}
