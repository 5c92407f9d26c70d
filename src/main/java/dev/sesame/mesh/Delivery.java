package dev.sesame.mesh;

import dev.sesame.link.PeerId;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reliable delivery of chat messages: one outbox per recipient, a receipt per message and
 * recipient, resending on every new link, and an {@code undelivered} report for anything that
 * cannot be delivered in time. Nothing is dropped silently. Confined to the mesh thread.
 */
public final class Delivery {
    private final PeerTable peers;
    private final MeshLoop loop;
    private final Consumer<MeshEvent> events;
    private final Supplier<MessageId> newId;
    private final Duration deliveryTimeout;

    Delivery(PeerTable peers, MeshLoop loop, Consumer<MeshEvent> events, Supplier<MessageId> newId, Duration deliveryTimeout) {
        this.peers = peers;
        this.loop = loop;
        this.events = events;
        this.newId = newId;
        this.deliveryTimeout = deliveryTimeout;
    }

    /** A message accepted for sending: its id and the peers it is queued for. */
    public record Accepted(MessageId id, List<PeerId> recipients, long ttlMillis) {}

    Accepted send(String text, Duration ttl, Optional<PeerId> to) {
        MessageId id = newId.get();
        long ttlMillis = ttl.toMillis();
        long now = loop.now();
        List<PeerEntry> targets = new ArrayList<>();
        if (to.isPresent()) {
            PeerEntry entry = peers.get(to.get());
            if (entry != null && isRecipient(entry)) targets.add(entry);
        } else {
            for (PeerEntry e : peers.all()) {
                if (isRecipient(e)) targets.add(e);
            }
        }
        List<PeerId> recipients = new ArrayList<>();
        PeerMessage.Chat chat = new PeerMessage.Chat(id, to.isPresent(), ttlMillis, text);
        for (PeerEntry peer : targets) {
            recipients.add(peer.id);
            if (peer.outbox.isFull()) {
                events.accept(new MeshEvent.Undelivered(id, peer.id, "outbox_full"));
                continue;
            }
            peer.outbox.add(new Outbox.Pending(chat, now, ttlMillis == 0 ? 0 : now + ttl.toNanos()));
            if (peer.linked()) flush(peer);
        }
        return new Accepted(id, List.copyOf(recipients), ttlMillis);
    }

    /** Linked now, or dropped without a goodbye less than the delivery timeout ago. */
    boolean isRecipient(PeerEntry e) {
        if (e.saidGoodbye || !e.everUp) return false;
        return e.linked() || loop.now() - e.downSinceNanos < deliveryTimeout.toNanos();
    }

    /** Hands every message not yet on the peer's current link to that link. */
    void flush(PeerEntry peer) {
        if (!peer.linked()) return;
        long linkId = peer.link.link.id();
        long now = loop.now();
        for (Outbox.Pending pending : peer.outbox.all()) {
            if (pending.sentOnLink == linkId) continue;
            long ttlMillis = 0;
            if (pending.ttlDeadlineNanos != 0) {
                long left = pending.ttlDeadlineNanos - now;
                if (left <= 0) {
                    peer.outbox.acknowledge(pending.chat.id());
                    events.accept(new MeshEvent.Undelivered(pending.chat.id(), peer.id, "expired"));
                    continue;
                }
                ttlMillis = Math.max(1, left / 1_000_000);
            }
            PeerMessage.Chat chat = pending.chat;
            PeerMessage.Chat fresh = new PeerMessage.Chat(chat.id(), chat.privateMessage(), ttlMillis, chat.text());
            if (!peer.link.link.send(fresh)) return; // queue full: the next tick tries again
            pending.sentOnLink = linkId;
        }
    }

    void acknowledged(PeerEntry peer, MessageId id) {
        if (peer.outbox.acknowledge(id).isPresent()) events.accept(new MeshEvent.Delivered(id, peer.id));
    }

    void peerLeft(PeerEntry peer) {
        for (Outbox.Pending p : peer.outbox.drain()) events.accept(new MeshEvent.Undelivered(p.chat.id(), peer.id, "peer_left"));
    }

    void tick() {
        long cutoff = loop.now() - deliveryTimeout.toNanos();
        for (PeerEntry peer : peers.all()) {
            for (Outbox.Pending p : peer.outbox.removeOlderThan(cutoff)) {
                events.accept(new MeshEvent.Undelivered(p.chat.id(), peer.id, "timeout"));
            }
            flush(peer);
        }
    }
}
