package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.link.PeerId;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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

    /**
     * A message accepted for sending: its id, the peers it is for, and those among them whose
     * outbox was full. Those are not reported here: the caller reports the message sent first and
     * then each of them undelivered ({@code outbox_full}), so that a script never hears of an id
     * before its {@code sent} event (docs/HEADLESS.md).
     */
    public record Accepted(MessageId id, List<PeerId> recipients, long ttlMillis, List<PeerId> outboxFull) {}

    /** {@link #accept}, then {@link #handOn(Accepted)}: the message is in the outboxes and on the links. */
    Accepted send(String text, Duration ttl, Optional<PeerId> to) {
        Accepted accepted = accept(text, ttl, to);
        handOn(accepted);
        return accepted;
    }

    /**
     * Puts a new message in the outbox of each linked recipient with room; nothing is encrypted
     * yet. {@link Mesh#sendChat} answers its caller here, so that the sender's {@code sent} is
     * written while this thread encrypts (issue 13: stdin to {@code sent}).
     */
    Accepted accept(String text, Duration ttl, Optional<PeerId> to) {
        MessageId id = newId.get();
        long ttlMillis = ttl.toMillis();
        long now = loop.now();
        List<PeerEntry> targets = recipients(to);
        List<PeerId> recipients = new ArrayList<>();
        List<PeerId> outboxFull = new ArrayList<>();
        PeerMessage.Chat chat = new PeerMessage.Chat(id, to.isPresent(), ttlMillis, text);
        for (PeerEntry peer : targets) {
            recipients.add(peer.id);
            if (peer.outbox.isFull()) {
                outboxFull.add(peer.id);
                continue;
            }
            peer.outbox.add(new Outbox.Pending(chat, now, ttlMillis == 0 ? 0 : now + ttl.toNanos()));
        }
        refreshRoomHint();
        return new Accepted(id, List.copyOf(recipients), ttlMillis, List.copyOf(outboxFull));
    }

    /** Hands an accepted message (and whatever waited before it) to the links of its recipients. */
    void handOn(Accepted accepted) {
        for (PeerId id : accepted.recipients()) {
            if (accepted.outboxFull().contains(id)) continue; // not in that outbox
            PeerEntry peer = peers.get(id);
            if (peer != null) handOn(peer);
        }
    }

    /**
     * {@link #hasRoom} for everyone as of the last change on the mesh thread, readable from any
     * thread: a sender that sees true need not ask the mesh thread (issue 13: one handoff per line,
     * not two). It is recomputed after every send, receipt, flush (a peer's link came up), peer
     * leaving and tick, so it goes stale only in the moment between a change and its recompute;
     * a stale "no" only sends the asker the slow way, to {@link #whenRoom}.
     */
    private volatile boolean roomForEveryone = true;

    boolean roomForEveryoneHint() {
        return roomForEveryone;
    }

    private void refreshRoomHint() {
        roomForEveryone = hasRoom(Optional.empty());
    }

    private List<PeerEntry> recipients(Optional<PeerId> to) {
        List<PeerEntry> targets = new ArrayList<>();
        if (to.isPresent()) {
            PeerEntry entry = peers.get(to.get());
            if (entry != null && isLinkedRecipient(entry)) targets.add(entry);
        } else {
            for (PeerEntry e : peers.all()) {
                if (isLinkedRecipient(e)) targets.add(e);
            }
        }
        return targets;
    }

    /**
     * Room for one more message to {@code to} (everyone: empty). There is none while every
     * recipient has a whole outbox pending (the sender is faster than every link), or while one
     * with a whole outbox still makes progress (it acknowledged something within
     * {@link Limits#PEER_STALLED_AFTER}): the sender goes at the pace of the slowest peer that
     * keeps up. A peer with a whole outbox that has stopped taking messages is not waited for:
     * it is skipped with {@code outbox_full} while the others go on (docs/HEADLESS.md,
     * "Back-pressure").
     */
    boolean hasRoom(Optional<PeerId> to) {
        List<PeerEntry> targets = recipients(to);
        if (targets.isEmpty()) return true;
        long now = loop.now();
        boolean anyRoom = false;
        for (PeerEntry e : targets) {
            if (!e.outbox.isFull()) anyRoom = true;
            else if (!e.outbox.stalled(now, Limits.PEER_STALLED_AFTER.toNanos())) return false;
        }
        return anyRoom;
    }

    /**
     * Completes {@code room} once {@link #hasRoom} holds for {@code to} (at once if it does now).
     * At most {@link Limits#MAX_ROOM_WAITERS} wait; one more fails at once instead of growing the
     * list. {@link #failWaiters} ends them all when the mesh closes.
     */
    void whenRoom(Optional<PeerId> to, CompletableFuture<Void> room) {
        if (hasRoom(to)) {
            room.complete(null);
        } else if (waiters.size() >= Limits.MAX_ROOM_WAITERS) {
            room.completeExceptionally(new IllegalStateException("too many senders waiting for room"));
        } else {
            waiters.add(new Waiter(to, room));
        }
    }

    private record Waiter(Optional<PeerId> to, CompletableFuture<Void> room) {}

    private final List<Waiter> waiters = new ArrayList<>();

    /** Something left an outbox (or the recipients changed): wake whoever has room now. */
    private void wakeWaiters() {
        if (waiters.isEmpty()) return;
        waiters.removeIf(w -> w.room.isDone() || hasRoom(w.to) && w.room.complete(null));
    }

    void failWaiters(RuntimeException reason) {
        for (Waiter w : waiters) w.room.completeExceptionally(reason);
        waiters.clear();
    }

    /**
     * Who a new message goes to: peers linked now. A peer that left or whose link timed out is
     * not counted as a recipient (a broadcast would otherwise wait for it and report
     * "undelivered" minutes later); {@code /msg} to such a peer is refused at once, so both
     * behave alike (docs/USAGE.md, "Who got it"). Messages queued before the link dropped still
     * wait for the delivery timeout and go out if it comes back. A peer whose link was REPLACED
     * is still up (no {@code peer_down}) while its winning link arrives: it counts, and the
     * message waits for that link.
     */
    boolean isLinkedRecipient(PeerEntry e) {
        boolean betweenLinks = e.up && e.awaitingReplacementUntil != 0;
        return (e.linked() || betweenLinks) && !e.saidGoodbye && e.everUp;
    }

    /** Linked now, or dropped without a goodbye less than the delivery timeout ago. */
    boolean isRecipient(PeerEntry e) {
        if (e.saidGoodbye || !e.everUp) return false;
        return e.linked() || loop.now() - e.downSinceNanos < deliveryTimeout.toNanos();
    }

    /**
     * Hands every message not yet on the peer's current link to that link, oldest first; stops
     * when the link's queue is full (the link says when it has room again:
     * {@link #roomOnLink}). Costs what it hands on, not the size of the outbox.
     */
    void flush(PeerEntry peer) {
        handOn(peer);
        refreshRoomHint(); // the peer may have just come back with a whole outbox
    }

    private void handOn(PeerEntry peer) {
        if (!peer.linked()) return;
        long linkId = peer.link.link.id();
        long now = loop.now();
        Outbox.Pending pending;
        while ((pending = peer.outbox.nextUnsent(linkId)) != null) {
            long ttlMillis = 0;
            if (pending.ttlDeadlineNanos != 0) {
                long left = pending.ttlDeadlineNanos - now;
                if (left <= 0) {
                    peer.outbox.acknowledge(pending.chat.id(), now);
                    events.accept(new MeshEvent.Undelivered(pending.chat.id(), peer.id, UndeliveredReason.EXPIRED));
                    continue;
                }
                ttlMillis = Math.max(1, left / 1_000_000);
            }
            PeerMessage.Chat chat = pending.chat;
            PeerMessage.Chat fresh = new PeerMessage.Chat(chat.id(), chat.privateMessage(), ttlMillis, chat.text());
            if (!peer.link.link.send(fresh)) return; // queue full: the link's room callback (or the tick) tries again
            peer.outbox.handedTo(pending, linkId);
        }
    }

    /** The link {@code link} of {@code peer} has room in its queue again: hand on what waits for it at once. */
    void roomOnLink(PeerEntry peer, dev.sesame.link.MessageLink link) {
        if (peer.linked() && peer.link.link == link) handOn(peer);
    }

    void acknowledged(PeerEntry peer, MessageId id) {
        if (peer.outbox.acknowledge(id, loop.now()).isPresent()) {
            events.accept(new MeshEvent.Delivered(id, peer.id));
            refreshRoomHint();
            wakeWaiters();
        }
    }

    void peerLeft(PeerEntry peer) {
        for (Outbox.Pending p : peer.outbox.drain()) events.accept(new MeshEvent.Undelivered(p.chat.id(), peer.id, UndeliveredReason.PEER_LEFT));
        refreshRoomHint();
        wakeWaiters();
    }

    void tick() {
        long cutoff = loop.now() - deliveryTimeout.toNanos();
        for (PeerEntry peer : peers.all()) {
            for (Outbox.Pending p : peer.outbox.removeOlderThan(cutoff)) {
                events.accept(new MeshEvent.Undelivered(p.chat.id(), peer.id, UndeliveredReason.TIMEOUT));
            }
            handOn(peer);
        }
        refreshRoomHint();
        wakeWaiters(); // also catches recipients that stopped counting (down for the whole delivery timeout)
    }
}
