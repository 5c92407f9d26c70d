package dev.sesame.wire;

import dev.sesame.util.ByteReader;
import dev.sesame.util.ByteWriter;
import dev.sesame.util.MalformedInputException;
import java.util.List;

/**
 * The four handshake flights (protocol-notes §5, {@code docs/PROTOCOL.md}). Each side sends
 * flight n as soon as it has the other side's flight n-1, so both directions run in parallel.
 * This type only fixes the byte layout and field bounds; what the values must be (version,
 * roles, which side carries the ML-KEM fields) is checked by the handshake in {@code link}.
 *
 * <p>Every message starts with a one-byte message type.
 */
public sealed interface HandshakeMessage {
    int TYPE_HELLO = 1;
    int TYPE_KEY_SHARE = 2;
    int TYPE_FINISH = 3;
    int TYPE_CONFIRM = 4;
    int MAX_JPAKE_BYTES = 1024;
    int MAX_KEM_BYTES = 2048;

    /** The encoded message, type byte first. */
    byte[] encode();

    /**
     * Flight 1: version, role, the sender's cell interval ({@code tickMillis}: the cover-traffic
     * tick in milliseconds, or 0 with cover traffic off), X25519 key, the endpoints the sender
     * can be reached at (at most {@code Limits.MAX_ENDPOINTS}), the dialer's ML-KEM key, J-PAKE
     * round 1. The version comes first and is checked before the rest is read: the layout of
     * everything after it depends on it ({@code docs/PROTOCOL.md} §Handshake).
     */
    record Hello(int version, int role, int tickMillis, byte[] x25519PublicKey, List<Endpoint> endpoints,
                 byte[] mlKemPublicKey, byte[] jpakeRound1) implements HandshakeMessage {
        /** Protocol version 2: endpoints instead of version 1's listen port. */
        public static final int VERSION = 2;
        public static final int ROLE_DIALER = 1;
        public static final int ROLE_LISTENER = 2;

        public Hello {
            endpoints = List.copyOf(endpoints);
        }

        @Override
        public byte[] encode() {
            ByteWriter w = new ByteWriter().u8(TYPE_HELLO).u8(version).u8(role).u16(tickMillis).bytes(x25519PublicKey);
            Endpoint.encodeList(w, endpoints);
            return w.var16(mlKemPublicKey).var16(jpakeRound1).toByteArray();
        }
    }

    /** Flight 2: J-PAKE round 2; the listener adds its ML-KEM ciphertext (empty from the dialer). */
    record KeyShare(byte[] jpakeRound2, byte[] mlKemCiphertext) implements HandshakeMessage {
        @Override
        public byte[] encode() {
            return new ByteWriter().u8(TYPE_KEY_SHARE).var16(jpakeRound2).var16(mlKemCiphertext).toByteArray();
        }
    }

    /** Flight 3: J-PAKE round 3 (BouncyCastle's key confirmation). */
    record Finish(byte[] jpakeRound3) implements HandshakeMessage {
        @Override
        public byte[] encode() {
            return new ByteWriter().u8(TYPE_FINISH).var16(jpakeRound3).toByteArray();
        }
    }

    /** Flight 4: HMAC over the transcript hash, keyed for the sender's role. */
    record Confirm(byte[] tag) implements HandshakeMessage {
        public static final int TAG_BYTES = 32;

        @Override
        public byte[] encode() {
            return new ByteWriter().u8(TYPE_CONFIRM).bytes(tag).toByteArray();
        }
    }

    /** Parses one complete handshake message; trailing bytes are an error. */
    static HandshakeMessage decode(byte[] bytes) throws WireException {
        try {
            ByteReader r = new ByteReader(bytes);
            int type = r.u8();
            HandshakeMessage message = switch (type) {
                case TYPE_HELLO -> decodeHello(r);
                case TYPE_KEY_SHARE -> new KeyShare(r.var16(MAX_JPAKE_BYTES, "J-PAKE round 2"),
                        r.var16(MAX_KEM_BYTES, "ML-KEM ciphertext"));
                case TYPE_FINISH -> new Finish(r.var16(MAX_JPAKE_BYTES, "J-PAKE round 3"));
                case TYPE_CONFIRM -> new Confirm(r.bytes(Confirm.TAG_BYTES));
                default -> throw new WireException(WireException.Reason.UNKNOWN_TYPE, "unknown handshake message " + type);
            };
            r.end();
            return message;
        } catch (MalformedInputException e) {
            throw WireException.from(e);
        }
    }

    private static Hello decodeHello(ByteReader r) throws MalformedInputException, WireException {
        int version = r.u8();
        if (version != Hello.VERSION) {
            throw new WireException(WireException.Reason.UNSUPPORTED_VERSION, "peer speaks protocol version " + version);
        }
        return new Hello(version, r.u8(), r.u16(), r.bytes(32), Endpoint.decodeList(r), r.var16(MAX_KEM_BYTES, "ML-KEM key"),
                r.var16(MAX_JPAKE_BYTES, "J-PAKE round 1"));
    }

    /** Parses and checks the type: a message other than {@code expected} is a protocol violation. */
    static <T extends HandshakeMessage> T decode(byte[] bytes, Class<T> expected) throws WireException {
        HandshakeMessage message = decode(bytes);
        if (!expected.isInstance(message)) {
            throw new WireException(WireException.Reason.UNEXPECTED,
                    "expected " + expected.getSimpleName() + ", got " + message.getClass().getSimpleName());
        }
        return expected.cast(message);
    }
}
