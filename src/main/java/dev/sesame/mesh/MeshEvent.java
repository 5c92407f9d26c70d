package dev.sesame.mesh;

import dev.sesame.transport.Via;
import dev.sesame.link.PeerId;
import dev.sesame.util.ReasonCode;
import dev.sesame.wire.MessageId;
import java.util.Optional;

/** What the mesh reports upward. Delivered on the mesh thread; listeners must not block. */
public sealed interface MeshEvent {
    /** A peer became reachable: its first link is up and its profile arrived. */
    record PeerUp(PeerId peerId, Optional<String> name, String address, Direction direction, Via via) implements MeshEvent {
        /** A direct link. */
        public PeerUp(PeerId peerId, Optional<String> name, String address, Direction direction) {
            this(peerId, name, address, direction, Via.DIRECT);
        }
    }

    /** A peer's last link ended. */
    record PeerDown(PeerId peerId, PeerDownReason reason, int linkedPeers) implements MeshEvent {}

    /** A chat message from an authenticated peer (never a duplicate). */
    record ChatReceived(PeerId from, MessageId id, String text, boolean privateMessage, long ttlMillis) implements MeshEvent {}

    record Delivered(MessageId id, PeerId to) implements MeshEvent {}

    record Undelivered(MessageId id, PeerId to, UndeliveredReason reason) implements MeshEvent {}

    record NameChanged(PeerId peerId, Optional<String> oldName, Optional<String> newName) implements MeshEvent {}

    /** Someone at {@code address} failed to prove the phrase. */
    record AuthFailed(String address, ReasonCode reason) implements MeshEvent {}

    /**
     * A connection or link broke the protocol, or was refused by a limit. {@code reason}: a
     * wire, ratchet or handshake reason, a {@link Refusal}, or {@code Fault.INTERNAL_ERROR}.
     */
    record Rejected(String address, ReasonCode reason, int times) implements MeshEvent {
        /** {@code times}: how many refusals this one event stands for (more than one: held back by {@link NoiseGate}). */
        public Rejected {
            if (times < 1) throw new IllegalArgumentException("times < 1");
        }

        public Rejected(String address, ReasonCode reason) {
            this(address, reason, 1);
        }
    }

    /** Two links to one peer existed; one was closed. Informational. */
    record DuplicateLink(PeerId peerId, String kept, Via keptVia) implements MeshEvent {}

    /** Registered at a relay ({@code docs/PROTOCOL.md} §12); {@code fingerprint} is the relay's certificate. */
    record RelayUp(String relay, String fingerprint) implements MeshEvent {}

    /** Not (or no longer) registered at a relay; {@code reason} is a {@code RelayDown} code. */
    record RelayDown(String relay, String reason, String detail) implements MeshEvent {}

    /**
     * A dial target changed state (issue 11, "Dialing you can see"): {@code reason} is the last
     * failure's code, {@code retryInMillis} the wait before the next attempt (retrying only),
     * {@code peer} who answered (linked only).
     */
    record Dial(String target, DialPhase phase, Optional<ReasonCode> reason, long retryInMillis, Optional<PeerId> peer,
                boolean configured) implements MeshEvent {}

    /** Where a dial target stands. */
    enum DialPhase {
        CONNECTING, FAILED, RETRYING, LINKED, IDLE, STOPPED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Direction of the link that carries a peer. */
    enum Direction {
        IN, OUT;

        public String code() {
            return this == IN ? "in" : "out";
        }
    }
}
