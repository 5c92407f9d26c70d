package dev.sesame.wire;

import dev.sesame.limits.Limits;
import dev.sesame.util.ByteReader;
import dev.sesame.util.ByteWriter;
import dev.sesame.util.MalformedInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * What travels inside the Double Ratchet once a link is up: the plaintext of every record.
 * The first byte is the type. The sender of any of these is the authenticated peer of the
 * link it arrived on; nothing inside a message names or can change its sender.
 */
public sealed interface PeerMessage {
    int TYPE_CHAT = 1;
    int TYPE_RECEIPT = 2;
    int TYPE_PEERS = 3;
    int TYPE_PROFILE = 4;
    int TYPE_GOODBYE = 5;
    int TYPE_REPLACED = 6;
    int TYPE_RECEIPTS = 7;

    byte[] encode();

    /**
     * A chat line. {@code ttlMillis} is how much longer it may be shown (0: no limit), counted
     * by the sender at the moment of sending, so time spent in an outbox is not added.
     */
    record Chat(MessageId id, boolean privateMessage, long ttlMillis, String text) implements PeerMessage {
        public Chat {
            if (ttlMillis < 0 || ttlMillis > Limits.MAX_TTL.toMillis()) throw new IllegalArgumentException("ttl out of range");
        }

        @Override
        public byte[] encode() {
            return new ByteWriter().u8(TYPE_CHAT).bytes(id.bytes()).u8(privateMessage ? 1 : 0).u32(ttlMillis)
                    .utf8Var16(text).toByteArray();
        }
    }

    /** Acknowledges a chat message: it was decrypted and shown (or was a duplicate). */
    record Receipt(MessageId id) implements PeerMessage {
        @Override
        public byte[] encode() {
            return new ByteWriter().u8(TYPE_RECEIPT).bytes(id.bytes()).toByteArray();
        }
    }

    /**
     * Acknowledges several chat messages at once, with the meaning of a {@link Receipt} for each:
     * a link sends the receipts that are waiting together as one record, so that a burst does not
     * cost a record (and a ratchet turn) per receipt (docs/PROTOCOL.md §7).
     */
    record Receipts(List<MessageId> ids) implements PeerMessage {
        public Receipts {
            if (ids.isEmpty() || ids.size() > Limits.MAX_RECEIPTS_PER_RECORD) {
                throw new IllegalArgumentException("1 to " + Limits.MAX_RECEIPTS_PER_RECORD + " ids per RECEIPTS");
            }
            ids = List.copyOf(ids);
        }

        @Override
        public byte[] encode() {
            ByteWriter w = new ByteWriter().u8(TYPE_RECEIPTS).u8(ids.size());
            for (MessageId id : ids) w.bytes(id.bytes());
            return w.toByteArray();
        }
    }

    /**
     * One authenticated peer of the sender: its id and where it can be reached, as the sender
     * knows it (a direct endpoint's host as the sender saw the peer; at most
     * {@link Limits#MAX_ENDPOINTS}; docs/PROTOCOL.md §PEERS).
     */
    record PeerAddress(byte[] peerId, List<Endpoint> endpoints) {
        public PeerAddress {
            if (peerId.length != 32) throw new IllegalArgumentException("peer id must be 32 bytes");
            if (endpoints.size() > Limits.MAX_ENDPOINTS) throw new IllegalArgumentException("too many endpoints");
            peerId = peerId.clone();
            endpoints = List.copyOf(endpoints);
        }

        /** A peer with one direct endpoint. */
        public static PeerAddress direct(byte[] peerId, String host, int port) {
            return new PeerAddress(peerId, List.of(new Endpoint.Direct(new HostPort(host, port))));
        }

        @Override
        public byte[] peerId() {
            return peerId.clone();
        }
    }

    /** The sender's current set of authenticated peers (discovery). */
    record Peers(List<PeerAddress> peers) implements PeerMessage {
        public Peers {
            if (peers.size() > Limits.MAX_ANNOUNCED_PEERS) throw new IllegalArgumentException("too many peers announced");
            peers = List.copyOf(peers);
        }

        @Override
        public byte[] encode() {
            ByteWriter w = new ByteWriter().u8(TYPE_PEERS).u8(peers.size());
            for (PeerAddress p : peers) {
                w.bytes(p.peerId());
                Endpoint.encodeList(w, p.endpoints());
            }
            return w.toByteArray();
        }
    }

    /** The sender's display name (empty: none). */
    record Profile(String name) implements PeerMessage {
        @Override
        public byte[] encode() {
            return new ByteWriter().u8(TYPE_PROFILE).utf8Var8(name).toByteArray();
        }
    }

    /** The sender is leaving on purpose: do not dial it again. */
    record Goodbye() implements PeerMessage {
        @Override
        public byte[] encode() {
            return new byte[] {TYPE_GOODBYE};
        }
    }

    /**
     * The sender is closing this link because another link between the same two nodes won
     * (duplicate resolution): the peer stays, on the other link. Lets the receiver wait for that
     * link instead of reporting the peer down while its own side of it is still finishing.
     */
    record Replaced() implements PeerMessage {
        @Override
        public byte[] encode() {
            return new byte[] {TYPE_REPLACED};
        }
    }

    static PeerMessage decode(byte[] bytes) throws WireException {
        try {
            ByteReader r = new ByteReader(bytes);
            int type = r.u8();
            PeerMessage message = switch (type) {
                case TYPE_CHAT -> decodeChat(r);
                case TYPE_RECEIPT -> new Receipt(new MessageId(r.bytes(MessageId.BYTES)));
                case TYPE_PEERS -> decodePeers(r);
                case TYPE_PROFILE -> new Profile(r.utf8Var8(Limits.MAX_NAME_BYTES, "name"));
                case TYPE_GOODBYE -> new Goodbye();
                case TYPE_REPLACED -> new Replaced();
                case TYPE_RECEIPTS -> decodeReceipts(r);
                default -> throw new WireException(WireException.Reason.UNKNOWN_TYPE, "unknown message type " + type);
            };
            r.end();
            return message;
        } catch (MalformedInputException e) {
            throw WireException.from(e);
        }
    }

    private static Chat decodeChat(ByteReader r) throws MalformedInputException, WireException {
        MessageId id = new MessageId(r.bytes(MessageId.BYTES));
        int flags = r.u8();
        if ((flags & ~1) != 0) throw new WireException(WireException.Reason.UNKNOWN_FLAG, "unknown chat flags " + flags);
        long ttl = r.u32();
        if (ttl > Limits.MAX_TTL.toMillis()) throw new WireException(WireException.Reason.MALFORMED, "ttl over the maximum");
        return new Chat(id, flags == 1, ttl, r.utf8Var16(Limits.MAX_TEXT_BYTES, "text"));
    }

    private static Receipts decodeReceipts(ByteReader r) throws MalformedInputException, WireException {
        int count = r.u8();
        if (count == 0 || count > Limits.MAX_RECEIPTS_PER_RECORD) {
            throw new WireException(WireException.Reason.TOO_LONG, count + " receipts in one message, 1 to "
                    + Limits.MAX_RECEIPTS_PER_RECORD + " allowed");
        }
        List<MessageId> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) ids.add(new MessageId(r.bytes(MessageId.BYTES)));
        return new Receipts(ids);
    }

    private static Peers decodePeers(ByteReader r) throws MalformedInputException, WireException {
        int count = r.u8();
        if (count > Limits.MAX_ANNOUNCED_PEERS) {
            throw new WireException(WireException.Reason.TOO_LONG, count + " peers announced, limit " + Limits.MAX_ANNOUNCED_PEERS);
        }
        List<PeerAddress> peers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            peers.add(new PeerAddress(r.bytes(32), Endpoint.decodeList(r)));
        }
        return new Peers(peers);
    }
}
