package dev.sesame.relay;

import dev.sesame.limits.Limits;
import java.util.Arrays;
import java.util.List;

/**
 * Every record of the relay protocol ({@code docs/PROTOCOL.md}, "Relay"). A member keeps one
 * control connection per relay ({@link Register}, then {@link Presence}, {@link PipeRequest},
 * {@link PipeReady}, {@link PipeOffer}, {@link KeepAlive}) and opens one more connection per pipe
 * ({@link Splice}, then {@link Spliced}, then raw bytes of the other member). {@link Refused}
 * carries a typed reason on either.
 *
 * <p>Fields are validated in the compact constructors; byte arrays are copied in and out, so a
 * record is immutable. {@link RelayCodec} turns them into bytes and back.
 */
public sealed interface RelayMessage {
    /** The only relay protocol version; any other closes the connection with {@link RelayRefusal#BAD_VERSION}. */
    int VERSION = 1;
    int ROOM_HASH_BYTES = 32;
    int MEMBER_ID_BYTES = 16;
    int TOKEN_BYTES = 16;

    /** Member → relay, first on a control connection: join room {@code roomHash} as {@code memberId}. */
    record Register(int version, byte[] roomHash, byte[] memberId) implements RelayMessage {
        public Register {
            roomHash = exact(roomHash, ROOM_HASH_BYTES, "room hash");
            memberId = exact(memberId, MEMBER_ID_BYTES, "member id");
        }

        @Override
        public byte[] roomHash() {
            return roomHash.clone();
        }

        @Override
        public byte[] memberId() {
            return memberId.clone();
        }
    }

    /** Relay → member: registered; presence follows. */
    record Registered() implements RelayMessage {}

    /** Relay → member: the other members in the room now (never the recipient itself). */
    record Presence(List<MemberId> members) implements RelayMessage {
        public Presence {
            if (members.size() > Limits.RELAY_MAX_MEMBERS_PER_ROOM - 1) {
                throw new IllegalArgumentException("presence lists at most " + (Limits.RELAY_MAX_MEMBERS_PER_ROOM - 1) + " members");
            }
            members = List.copyOf(members);
        }
    }

    /** Member → relay: please make a pipe to {@code target}; {@code requestId} is echoed in the answer. */
    record PipeRequest(long requestId, MemberId target) implements RelayMessage {
        public PipeRequest {
            u32(requestId);
        }
    }

    /** Relay → requester: open a pipe connection and splice with {@code token}. */
    record PipeReady(long requestId, byte[] token) implements RelayMessage {
        public PipeReady {
            u32(requestId);
            token = exact(token, TOKEN_BYTES, "token");
        }

        @Override
        public byte[] token() {
            return token.clone();
        }
    }

    /** Relay → target: member {@code from} asks for a pipe; open a pipe connection with {@code token}. */
    record PipeOffer(MemberId from, byte[] token) implements RelayMessage {
        public PipeOffer {
            token = exact(token, TOKEN_BYTES, "token");
        }

        @Override
        public byte[] token() {
            return token.clone();
        }
    }

    /** Member → relay, first and only record on a pipe connection. */
    record Splice(int version, byte[] token) implements RelayMessage {
        public Splice {
            token = exact(token, TOKEN_BYTES, "token");
        }

        @Override
        public byte[] token() {
            return token.clone();
        }
    }

    /** Relay → member on a pipe connection: every later byte is the other member's. */
    record Spliced() implements RelayMessage {}

    /**
     * Relay → member: no. On a control connection {@code requestId} names the pipe request it
     * answers (0: the connection itself, which the relay then closes); on a pipe connection it is 0.
     */
    record Refused(long requestId, RelayRefusal reason) implements RelayMessage {
        public Refused {
            u32(requestId);
        }
    }

    /** Either way on a control connection: still here (resets the idle timeout). */
    record KeepAlive() implements RelayMessage {}

    /** An opaque member id: 16 random bytes a member picks per run. Immutable. */
    record MemberId(byte[] bytes) implements Comparable<MemberId> {
        public MemberId {
            bytes = exact(bytes, MEMBER_ID_BYTES, "member id");
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MemberId other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public int compareTo(MemberId other) {
            return Arrays.compareUnsigned(bytes, other.bytes);
        }

        @Override
        public String toString() {
            return java.util.HexFormat.of().formatHex(bytes, 0, 4);
        }
    }

    private static byte[] exact(byte[] value, int length, String field) {
        if (value.length != length) throw new IllegalArgumentException(field + " must be " + length + " bytes");
        return value.clone();
    }

    private static void u32(long value) {
        if (value < 0 || value > 0xffffffffL) throw new IllegalArgumentException("request id out of range: " + value);
    }
}
