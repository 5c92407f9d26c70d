package dev.sesame.relay;

import dev.sesame.limits.Limits;
import dev.sesame.relay.RelayMessage.KeepAlive;
import dev.sesame.relay.RelayMessage.MemberId;
import dev.sesame.relay.RelayMessage.PipeOffer;
import dev.sesame.relay.RelayMessage.PipeReady;
import dev.sesame.relay.RelayMessage.PipeRequest;
import dev.sesame.relay.RelayMessage.Presence;
import dev.sesame.relay.RelayMessage.Refused;
import dev.sesame.relay.RelayMessage.Register;
import dev.sesame.relay.RelayMessage.Registered;
import dev.sesame.relay.RelayMessage.Splice;
import dev.sesame.relay.RelayMessage.Spliced;
import dev.sesame.relay.RelayProtocolException.Reason;
import dev.sesame.util.ByteReader;
import dev.sesame.util.ByteWriter;
import dev.sesame.util.MalformedInputException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Relay records on the wire: {@code type (u8) | length (u16) | body}. The length is checked
 * against {@link Limits#RELAY_MAX_RECORD_BYTES} before the body is read; every body must be
 * consumed exactly; an unknown type is an error, never skipped ({@code docs/PROTOCOL.md}, "Relay").
 * Stateless and thread-safe.
 */
public final class RelayCodec {
    static final int HEADER_BYTES = 3;

    private RelayCodec() {}

    /** The record types and their wire bytes. */
    enum Type {
        REGISTER(1), REGISTERED(2), PRESENCE(3), PIPE_REQUEST(4), PIPE_READY(5), PIPE_OFFER(6), SPLICE(7), SPLICED(8),
        REFUSED(9), KEEPALIVE(10);

        final int wire;

        Type(int wire) {
            this.wire = wire;
        }

        static Optional<Type> ofWire(int value) {
            for (Type t : values()) {
                if (t.wire == value) return Optional.of(t);
            }
            return Optional.empty();
        }
    }

    public static byte[] encode(RelayMessage message) {
        ByteWriter body = new ByteWriter();
        Type type = switch (message) {
            case Register r -> {
                body.u8(r.version()).bytes(r.roomHash()).bytes(r.memberId());
                yield Type.REGISTER;
            }
            case Registered r -> Type.REGISTERED;
            case Presence p -> {
                body.u8(p.members().size());
                for (MemberId m : p.members()) body.bytes(m.bytes());
                yield Type.PRESENCE;
            }
            case PipeRequest r -> {
                body.u32(r.requestId()).bytes(r.target().bytes());
                yield Type.PIPE_REQUEST;
            }
            case PipeReady r -> {
                body.u32(r.requestId()).bytes(r.token());
                yield Type.PIPE_READY;
            }
            case PipeOffer o -> {
                body.bytes(o.from().bytes()).bytes(o.token());
                yield Type.PIPE_OFFER;
            }
            case Splice s -> {
                body.u8(s.version()).bytes(s.token());
                yield Type.SPLICE;
            }
            case Spliced s -> Type.SPLICED;
            case Refused r -> {
                body.u32(r.requestId()).u8(r.reason().wire());
                yield Type.REFUSED;
            }
            case KeepAlive k -> Type.KEEPALIVE;
        };
        byte[] bytes = body.toByteArray();
        return new ByteWriter().u8(type.wire).var16(bytes).toByteArray();
    }

    /**
     * Reads exactly one record, never more than {@code maxBody} bytes of body.
     *
     * @throws EOFException when the stream ends cleanly before a record starts
     * @throws RelayProtocolException when the record is truncated, too long, unknown or malformed
     */
    public static RelayMessage read(InputStream in, int maxBody) throws IOException, RelayProtocolException {
        int first = in.read();
        if (first < 0) throw new EOFException("relay connection closed");
        byte[] lengthBytes = in.readNBytes(2);
        if (lengthBytes.length < 2) throw new RelayProtocolException(Reason.TRUNCATED, "record header ends early");
        int length = ((lengthBytes[0] & 0xff) << 8) | (lengthBytes[1] & 0xff);
        Type type = Type.ofWire(first).orElseThrow(() -> new RelayProtocolException(Reason.UNKNOWN_TYPE, "record type " + first));
        if (length > Math.min(maxBody, Limits.RELAY_MAX_RECORD_BYTES)) {
            throw new RelayProtocolException(Reason.TOO_LONG, "record of " + length + " bytes");
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) throw new RelayProtocolException(Reason.TRUNCATED, "record body ends early");
        return decodeBody(type, body);
    }

    /** Decodes one whole record (header included); trailing bytes are an error. */
    public static RelayMessage decode(byte[] record) throws RelayProtocolException {
        ByteReader reader = new ByteReader(record);
        try {
            int type = reader.u8();
            byte[] body = reader.var16(Limits.RELAY_MAX_RECORD_BYTES, "record");
            reader.end();
            return decodeBody(Type.ofWire(type).orElseThrow(() -> new RelayProtocolException(Reason.UNKNOWN_TYPE, "record type " + type)), body);
        } catch (MalformedInputException e) {
            throw new RelayProtocolException(e.kind() == MalformedInputException.Kind.TOO_LONG ? Reason.TOO_LONG
                    : e.kind() == MalformedInputException.Kind.TRUNCATED ? Reason.TRUNCATED : Reason.MALFORMED, e.getMessage());
        }
    }

    private static RelayMessage decodeBody(Type type, byte[] body) throws RelayProtocolException {
        ByteReader r = new ByteReader(body);
        try {
            RelayMessage message = switch (type) {
                case REGISTER -> new Register(version(r.u8()), r.bytes(RelayMessage.ROOM_HASH_BYTES), r.bytes(RelayMessage.MEMBER_ID_BYTES));
                case REGISTERED -> new Registered();
                case PRESENCE -> {
                    int count = r.u8();
                    if (count > Limits.RELAY_MAX_MEMBERS_PER_ROOM - 1) throw new RelayProtocolException(Reason.MALFORMED, "presence of " + count);
                    List<MemberId> members = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) members.add(new MemberId(r.bytes(RelayMessage.MEMBER_ID_BYTES)));
                    yield new Presence(members);
                }
                case PIPE_REQUEST -> new PipeRequest(r.u32(), new MemberId(r.bytes(RelayMessage.MEMBER_ID_BYTES)));
                case PIPE_READY -> new PipeReady(r.u32(), r.bytes(RelayMessage.TOKEN_BYTES));
                case PIPE_OFFER -> new PipeOffer(new MemberId(r.bytes(RelayMessage.MEMBER_ID_BYTES)), r.bytes(RelayMessage.TOKEN_BYTES));
                case SPLICE -> new Splice(version(r.u8()), r.bytes(RelayMessage.TOKEN_BYTES));
                case SPLICED -> new Spliced();
                case REFUSED -> {
                    long id = r.u32();
                    int reason = r.u8();
                    yield new Refused(id, RelayRefusal.ofWire(reason)
                            .orElseThrow(() -> new RelayProtocolException(Reason.MALFORMED, "refusal reason " + reason)));
                }
                case KEEPALIVE -> new KeepAlive();
            };
            r.end();
            return message;
        } catch (MalformedInputException e) {
            throw new RelayProtocolException(Reason.MALFORMED, type + ": " + e.getMessage());
        }
    }

    /** A version other than ours is its own reason, so the relay can answer BAD_VERSION. */
    private static int version(int version) throws RelayProtocolException {
        if (version != RelayMessage.VERSION) throw new RelayProtocolException(Reason.BAD_VERSION, "relay protocol version " + version);
        return version;
    }
}
