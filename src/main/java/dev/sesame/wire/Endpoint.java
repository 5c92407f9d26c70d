package dev.sesame.wire;

import dev.sesame.limits.Limits;
import dev.sesame.util.ByteReader;
import dev.sesame.util.ByteWriter;
import dev.sesame.util.MalformedInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a node can be reached, as HELLO and PEERS carry it ({@code docs/PROTOCOL.md}
 * §Endpoints). Pure data: which transport dials which kind is decided in {@code transport}.
 *
 * <p>Encoding: a type byte, then the fields of that type. An unknown type is refused
 * ({@link WireException.Reason#UNKNOWN_TYPE}): there is no "skip what you do not know".
 */
public sealed interface Endpoint {
    int TYPE_DIRECT = 1;
    int TYPE_RELAYED = 2;
    int TYPE_ONION = 3;

    /** Short name of the kind, as in events: {@code direct}, {@code relay}, {@code tor}. */
    String kind();

    void encode(ByteWriter w);

    /** Direct TCP. In an announcement an unspecified host (0.0.0.0, ::) means "the address you see me at". */
    record Direct(HostPort address) implements Endpoint {
        @Override
        public String kind() {
            return "direct";
        }

        @Override
        public void encode(ByteWriter w) {
            w.u8(TYPE_DIRECT);
            address.encode(w);
        }

        @Override
        public String toString() {
            return address.toString();
        }
    }

    /**
     * A member of a room at a relay: the relay's address and pinned certificate fingerprint,
     * the hash of the room name (never the name), and the member's opaque id there.
     */
    record Relayed(HostPort relay, byte[] relayFingerprint, byte[] roomHash, byte[] memberId) implements Endpoint {
        public static final int FINGERPRINT_BYTES = 32;
        public static final int ROOM_HASH_BYTES = 32;
        public static final int MEMBER_ID_BYTES = 16;

        public Relayed {
            if (relayFingerprint.length != FINGERPRINT_BYTES || roomHash.length != ROOM_HASH_BYTES
                    || memberId.length != MEMBER_ID_BYTES) {
                throw new IllegalArgumentException("relay fingerprint 32, room hash 32 and member id 16 bytes");
            }
            relayFingerprint = relayFingerprint.clone();
            roomHash = roomHash.clone();
            memberId = memberId.clone();
        }

        @Override
        public byte[] relayFingerprint() {
            return relayFingerprint.clone();
        }

        @Override
        public byte[] roomHash() {
            return roomHash.clone();
        }

        @Override
        public byte[] memberId() {
            return memberId.clone();
        }

        @Override
        public String kind() {
            return "relay";
        }

        @Override
        public void encode(ByteWriter w) {
            w.u8(TYPE_RELAYED);
            relay.encode(w);
            w.bytes(relayFingerprint).bytes(roomHash).bytes(memberId);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Relayed r && relay.equals(r.relay) && Arrays.equals(relayFingerprint, r.relayFingerprint)
                    && Arrays.equals(roomHash, r.roomHash) && Arrays.equals(memberId, r.memberId);
        }

        @Override
        public int hashCode() {
            return relay.hashCode() * 31 + Arrays.hashCode(memberId);
        }

        /** The relay and the member, never the room hash (events and logs). */
        @Override
        public String toString() {
            return "relay " + relay + " member " + HexFormat.of().formatHex(memberId, 0, 4);
        }
    }

    /** A Tor v3 onion service: 56 lowercase base32 characters (without ".onion") and a port. */
    record Onion(String serviceId, int port) implements Endpoint {
        public static final int SERVICE_ID_CHARS = 56;
        private static final Pattern SERVICE_ID = Pattern.compile("[a-z2-7]{56}");

        public Onion {
            if (!SERVICE_ID.matcher(serviceId).matches()) throw new IllegalArgumentException("not a v3 onion service id");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        }

        /**
         * {@code xxxx.onion:PORT} as a person typed it ({@code --peer}): an onion endpoint, never
         * a name to resolve. Empty when the host is not a v3 onion name.
         */
        public static java.util.Optional<Onion> fromHostPort(HostPort hostPort) {
            String host = hostPort.host().toLowerCase(java.util.Locale.ROOT);
            if (!host.endsWith(".onion")) return java.util.Optional.empty();
            String id = host.substring(0, host.length() - ".onion".length());
            return SERVICE_ID.matcher(id).matches() ? java.util.Optional.of(new Onion(id, hostPort.port())) : java.util.Optional.empty();
        }

        @Override
        public String kind() {
            return "tor";
        }

        @Override
        public void encode(ByteWriter w) {
            w.u8(TYPE_ONION).bytes(serviceId.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).u16(port);
        }

        @Override
        public String toString() {
            return serviceId + ".onion:" + port;
        }
    }

    /** Reads one endpoint. */
    static Endpoint decode(ByteReader r) throws MalformedInputException, WireException {
        int type = r.u8();
        try {
            return switch (type) {
                case TYPE_DIRECT -> new Direct(HostPort.decode(r));
                case TYPE_RELAYED -> new Relayed(HostPort.decode(r), r.bytes(Relayed.FINGERPRINT_BYTES),
                        r.bytes(Relayed.ROOM_HASH_BYTES), r.bytes(Relayed.MEMBER_ID_BYTES));
                case TYPE_ONION -> new Onion(new String(r.bytes(Onion.SERVICE_ID_CHARS), java.nio.charset.StandardCharsets.US_ASCII),
                        r.u16());
                default -> throw new WireException(WireException.Reason.UNKNOWN_TYPE, "unknown endpoint type " + type);
            };
        } catch (IllegalArgumentException e) {
            throw new WireException(WireException.Reason.MALFORMED, "bad endpoint: " + e.getMessage());
        }
    }

    /** Writes a count byte and the endpoints; at most {@link Limits#MAX_ENDPOINTS}. */
    static void encodeList(ByteWriter w, List<Endpoint> endpoints) {
        if (endpoints.size() > Limits.MAX_ENDPOINTS) throw new IllegalArgumentException("too many endpoints");
        w.u8(endpoints.size());
        for (Endpoint e : endpoints) e.encode(w);
    }

    /** Reads a count byte and that many endpoints; a count over {@link Limits#MAX_ENDPOINTS} is refused before reading on. */
    static List<Endpoint> decodeList(ByteReader r) throws MalformedInputException, WireException {
        int count = r.u8();
        if (count > Limits.MAX_ENDPOINTS) {
            throw new WireException(WireException.Reason.TOO_LONG, count + " endpoints, limit " + Limits.MAX_ENDPOINTS);
        }
        List<Endpoint> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(decode(r));
        return List.copyOf(out);
    }

    /** Encodes one endpoint alone (tests, fuzzing, the relay's own messages). */
    static byte[] toBytes(Endpoint endpoint) {
        ByteWriter w = new ByteWriter();
        endpoint.encode(w);
        return w.toByteArray();
    }

    /** Decodes exactly one endpoint; trailing bytes are an error. */
    static Endpoint fromBytes(byte[] bytes) throws WireException {
        try {
            ByteReader r = new ByteReader(bytes);
            Endpoint e = decode(r);
            r.end();
            return e;
        } catch (MalformedInputException e) {
            throw WireException.from(e);
        }
    }
}
