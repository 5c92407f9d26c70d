package dev.sesame.mesh;

import dev.sesame.link.CloseReason;
import dev.sesame.link.LinkStats;
import dev.sesame.link.MessageLink;
import dev.sesame.link.PeerId;
import dev.sesame.transport.Via;
import dev.sesame.util.ReasonCode;
import dev.sesame.wire.PeerMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * One simulated TCP connection between two nodes, after the handshake: two {@link End}s, each a
 * {@link MessageLink} to one node's mesh. What TCP allows and no more: each direction delivers
 * in order after a per-message delay (different connections race each other); a partition
 * stalls a direction until it heals or the ends time out; a break drops what is in flight and
 * ends both sides; a close reaches the far end after the data sent before it.
 */
final class SimConnection {
    /** What travels in one direction: a message, or the end of the stream. */
    private sealed interface Item {}

    private record Data(PeerMessage message) implements Item {}

    private record Fin(CloseReason reason) implements Item {}

    private static final class Packet {
        final Item item;
        long due;

        Packet(Item item, long due) {
            this.item = item;
            this.due = due;
        }
    }

    /** Most messages one direction holds in flight, like the real link's bounded queue. */
    static final int CAPACITY = 4096;

    private final SimNetwork network;
    final End a;
    final End b;

    SimConnection(SimNetwork network, long idA, long idB, SimNode nodeA, SimNode nodeB) {
        this.network = network;
        this.a = new End(idA, nodeA, nodeB);
        this.b = new End(idB, nodeB, nodeA);
        a.far = b;
        b.far = a;
    }

    /** Loss: the connection breaks (TCP gives up, or an RST); what is in flight is lost. */
    void breakDown() {
        a.inFlight.clear();
        b.inFlight.clear();
        a.failLater(CloseReason.ERROR);
        b.failLater(CloseReason.ERROR);
    }

    /** One side of the connection, owned by {@code node}. */
    final class End implements MessageLink {
        private final long id;
        final SimNode node;
        private final SimNode farNode;
        End far;
        private MessageLink.Listener listener;
        private boolean started;
        private boolean closed;
        private boolean draining;
        /** Items on their way to {@link #far}, in order, each with when it may arrive at the earliest. */
        private final ArrayDeque<Packet> inFlight = new ArrayDeque<>();
        private boolean pumping;
        private long lastDue;

        End(long id, SimNode node, SimNode farNode) {
            this.id = id;
            this.node = node;
            this.farNode = farNode;
        }

        SimConnection connection() {
            return SimConnection.this;
        }

        /** The mesh adopted this side: from now on it hears what arrives. */
        void open(MessageLink.Listener listener) {
            this.listener = listener;
        }

        /** Nobody owns this side (refused, or its node is gone): the far end sees the stream end. */
        void abandon() {
            if (closed) return;
            closed = true;
            listener = null;
            far.inFlight.clear();
            send(new Fin(CloseReason.CLOSED));
        }

        /** This side's node crashed: nothing more is heard here; the far end sees the stream end. */
        void nodeDied() {
            if (closed) return;
            closed = true;
            listener = null;
            send(new Fin(CloseReason.CLOSED));
        }

        boolean isStalledByPartition() {
            return !network.reachable(node, farNode);
        }

        private void send(Item item) {
            long due = Math.max(network.scheduler.now() + network.messageDelay(), lastDue + 1);
            lastDue = due;
            inFlight.add(new Packet(item, due));
            pump();
        }

        /** Delivers the head of the queue when it is due and the network lets it through. */
        private void pump() {
            if (pumping || inFlight.isEmpty()) return;
            pumping = true;
            network.scheduler.at(inFlight.peek().due, this::deliverHead);
        }

        private void deliverHead() {
            pumping = false;
            if (inFlight.isEmpty()) return;
            if (far.closed) {
                // Data for a socket that is gone draws a reset (TCP): this side learns its link is dead.
                boolean data = inFlight.stream().anyMatch(p -> p.item instanceof Data);
                inFlight.clear();
                if (data && !closed) failLater(CloseReason.ERROR);
                return;
            }
            if (isStalledByPartition() || !far.started) {
                network.stalled(this); // resumed on heal, or when the far side starts
                return;
            }
            if (inFlight.peek().due > network.scheduler.now()) { // rescheduled by a resume meanwhile
                pump();
                return;
            }
            Item item = inFlight.poll().item;
            switch (item) {
                case Data(PeerMessage message) -> far.listener.onMessage(far, message);
                case Fin(CloseReason reason) -> far.finish(reason, reason);
            }
            pump();
        }

        /** A stalled direction moves again (the partition healed, or the far side started). */
        void resume() {
            long now = network.scheduler.now();
            long due = now;
            for (Packet p : inFlight) {
                due = Math.max(now + network.messageDelay(), due + 1);
                p.due = due;
            }
            lastDue = Math.max(lastDue, due);
            pump();
        }

        /** This side gives up after {@code reason} (a read timeout, a reset), at a slightly random time. */
        void failLater(CloseReason reason) {
            network.scheduler.after(network.smallDelay(), () -> {
                if (closed) return;
                send(new Fin(CloseReason.CLOSED)); // its close still goes out, if the network lets it
                finish(reason, reason);
            });
        }

        private void finish(CloseReason reason, ReasonCode cause) {
            if (closed) return;
            closed = true;
            network.ledger.trace("link " + id + " at " + node + " to " + farNode + " ends: " + cause.code());
            MessageLink.Listener heard = listener;
            if (heard != null && started) heard.onClosed(this, reason, cause);
            else unheardEnd = reason; // a real link's reader finds the dead socket once started
        }

        /** Why it ended before the mesh started it, told once it starts. */
        private CloseReason unheardEnd;

        boolean isClosed() {
            return closed;
        }

        int inFlight() {
            return inFlight.size();
        }

        // ---- MessageLink

        @Override
        public long id() {
            return id;
        }

        @Override
        public PeerId peerId() {
            return farNode.id;
        }

        @Override
        public Via via() {
            return Via.DIRECT;
        }

        @Override
        public String label() {
            return farNode.host + ":" + (40000 + id % 20000);
        }

        @Override
        public Optional<String> remoteHost() {
            return Optional.of(farNode.host);
        }

        @Override
        public byte[] safetyMaterial() {
            return new byte[32];
        }

        @Override
        public boolean isOpen() {
            return !closed;
        }

        @Override
        public int queuedCells() {
            return inFlight.size();
        }

        @Override
        public LinkStats stats() {
            return new LinkStats();
        }

        @Override
        public void start() {
            started = true;
            far.resume();
            CloseReason ended = unheardEnd;
            if (ended != null && listener != null) {
                unheardEnd = null;
                network.scheduler.after(network.smallDelay(), () -> listener.onClosed(this, ended, ended));
            }
        }

        @Override
        public boolean send(PeerMessage message) {
            if (closed || draining || inFlight.size() >= CAPACITY) return false;
            send(new Data(message));
            return true;
        }

        @Override
        public void closeAfterFlush(Duration timeout) {
            if (closed || draining) return;
            draining = true;
            // What is queued is written at once here; the writer then closes its side.
            network.scheduler.after(network.smallDelay(), () -> {
                if (closed) return;
                send(new Fin(CloseReason.CLOSED));
                finish(CloseReason.LOCAL, CloseReason.LOCAL);
            });
        }

        @Override
        public void close(CloseReason reason, ReasonCode cause) {
            if (closed) return;
            send(new Fin(CloseReason.CLOSED));
            finish(reason, cause);
        }

        @Override
        public void abort() {
            if (closed) return;
            inFlight.clear();
            send(new Fin(CloseReason.CLOSED));
            finish(CloseReason.ABORTED, CloseReason.ABORTED);
        }
    }
}
