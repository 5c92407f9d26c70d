package dev.sesame.mesh;

import dev.sesame.link.PeerId;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reliable delivery of chat messages: one outbox per recipient, a receipt per message and
 * recipient, resending on every new link, and an {@code undelivered} report for anything that
 * cannot be delivered in time. Nothing is dropped silently. Confined to the mesh thread.
 */
public final class Delivery {
    private final Mesh mesh;

    Delivery(Mesh mesh) {
        this.mesh = mesh;
    }

    /** A message accepted for sending: its id and the peers it is queued for. */
    public record Accepted(MessageId id, List<PeerId> recipients, long ttlMillis) {}

    Accepted send(String text, Duration ttl, Optional<PeerId> to) {
        MessageId id = MessageId.random(mesh.random);
        long ttlMillis = ttl.toMillis();
        long now = mesh.clock.nanoTime();
        List<PeerEntry> targets = new ArrayList<>();
        if (to.isPresent()) {
            PeerEntry entry = mesh.peers.get(to.get());
            if (entry != null && isLinkedRecipient(entry)) targets.add(entry);
        } else {
            for (PeerEntry e : mesh.peers.values()) {
                if (isLinkedRecipient(e)) targets.add(e);
            }
        }
        List<PeerId> recipients = new ArrayList<>();
        PeerMessage.Chat chat = new PeerMessage.Chat(id, to.isPresent(), ttlMillis, text);
        for (PeerEntry peer : targets) {
            recipients.add(peer.id);
            if (peer.outbox.isFull()) {
                mesh.emit(new MeshEvent.Undelivered(id, peer.id, "outbox_full"));
                continue;
            }
            peer.outbox.add(new Outbox.Pending(chat, now, ttlMillis == 0 ? 0 : now + ttl.toNanos()));
            if (peer.linked()) flush(peer);
        }
        return new Accepted(id, List.copyOf(recipients), ttlMillis);
    }

    /**
     * Who a new message goes to: peers linked now. A peer that left or whose link timed out is
     * not counted as a recipient (a broadcast would otherwise wait for it and report
     * "undelivered" minutes later); {@code /msg} to such a peer is refused at once, so both
     * behave alike (docs/USAGE.md, "Who got it"). Messages queued before the link dropped still
     * wait for the delivery timeout and go out if it comes back.
     */
    boolean isLinkedRecipient(PeerEntry e) {
        return e.linked() && !e.saidGoodbye && e.everUp;
    }

    /** Linked now, or dropped without a goodbye less than the delivery timeout ago. */
    boolean isRecipient(PeerEntry e) {
        if (e.saidGoodbye || !e.everUp) return false;
        return e.linked() || mesh.clock.nanoTime() - e.downSinceNanos < mesh.config.deliveryTimeout().toNanos();
    }

    /** Hands every message not yet on the peer's current link to that link. */
    void flush(PeerEntry peer) {
        if (!peer.linked()) return;
        long linkId = peer.link.link.id();
        long now = mesh.clock.nanoTime();
        for (Outbox.Pending pending : peer.outbox.all()) {
            if (pending.sentOnLink == linkId) continue;
            long ttlMillis = 0;
            if (pending.ttlDeadlineNanos != 0) {
                long left = pending.ttlDeadlineNanos - now;
                if (left <= 0) {
                    peer.outbox.acknowledge(pending.chat.id());
                    mesh.emit(new MeshEvent.Undelivered(pending.chat.id(), peer.id, "expired"));
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
        if (peer.outbox.acknowledge(id).isPresent()) mesh.emit(new MeshEvent.Delivered(id, peer.id));
    }

    void peerLeft(PeerEntry peer) {
        for (Outbox.Pending p : peer.outbox.drain()) mesh.emit(new MeshEvent.Undelivered(p.chat.id(), peer.id, "peer_left"));
    }

    void tick() {
        long cutoff = mesh.clock.nanoTime() - mesh.config.deliveryTimeout().toNanos();
        for (PeerEntry peer : mesh.peers.values()) {
            for (Outbox.Pending p : peer.outbox.removeOlderThan(cutoff)) {
                mesh.emit(new MeshEvent.Undelivered(p.chat.id(), peer.id, "timeout"));
            }
            flush(peer);
        }
    }
}
