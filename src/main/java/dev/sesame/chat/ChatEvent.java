package dev.sesame.chat;

import dev.sesame.mesh.PeerDownReason;
import dev.sesame.mesh.UndeliveredReason;
import dev.sesame.util.ReasonCode;
import java.util.List;
import java.util.Optional;

/**
 * Everything a user interface shows. Headless mode prints each as one JSON line
 * ({@code docs/HEADLESS.md}); the terminal UI renders them. Ids are lower-case hex. Reasons
 * are typed; an interface shows their {@code code()}.
 */
public sealed interface ChatEvent {
    /** The node listens and is ready. */
    record Ready(String peerId, String fingerprint, String listen, String mode, Optional<String> name,
                 boolean memoryLocked, List<String> warnings) implements ChatEvent {}

    /**
     * {@code confusableWith}: peer ids (ours included) whose names look like this one's ({@link Names});
     * {@code via}: how the link reaches the peer, {@code direct}, {@code relay} or {@code tor} (docs/HEADLESS.md).
     */
    record PeerUp(String peerId, String fingerprint, Optional<String> name, String address, String direction,
                  List<String> confusableWith, String via) implements ChatEvent {
        public PeerUp {
            confusableWith = List.copyOf(confusableWith);
        }

        /** A direct link. */
        public PeerUp(String peerId, String fingerprint, Optional<String> name, String address, String direction,
                      List<String> confusableWith) {
            this(peerId, fingerprint, name, address, direction, confusableWith, "direct");
        }

        public PeerUp(String peerId, String fingerprint, Optional<String> name, String address, String direction) {
            this(peerId, fingerprint, name, address, direction, List.of());
        }
    }

    /**
     * Tor in {@code --tor} mode (docs/HEADLESS.md "tor_bootstrap", "tor_ready", "tor_down"):
     * bootstrap progress (0 to 100) with tor's summary; ready with the onion address in
     * {@code text}; down with a reason code and one line for the person.
     */
    record Tor(Kind kind, int progress, String text, String reason) implements ChatEvent {
        public enum Kind { BOOTSTRAP, READY, DOWN }
    }

    /** {@code linkedPeers} is how many peers remain linked. */
    record PeerDown(String peerId, String fingerprint, Optional<String> name, PeerDownReason reason, int linkedPeers)
            implements ChatEvent {}

    /** Nobody is linked any more after someone left; the node keeps listening. */
    record Alone(PeerDownReason reason) implements ChatEvent {}

    /** {@code confusableWith}: as in {@link PeerUp}, for the sender's name when the message arrived. */
    record Message(String id, String from, String fingerprint, Optional<String> name, String text,
                   boolean privateMessage, long ttlSeconds, List<String> confusableWith) implements ChatEvent {
        public Message {
            confusableWith = List.copyOf(confusableWith);
        }

        public Message(String id, String from, String fingerprint, Optional<String> name, String text,
                       boolean privateMessage, long ttlSeconds) {
            this(id, from, fingerprint, name, text, privateMessage, ttlSeconds, List.of());
        }
    }

    /** A line we typed was accepted; {@code to} are the peers it is queued for. */
    record Sent(String id, String text, boolean privateMessage, List<String> to, long ttlSeconds) implements ChatEvent {}

    record Delivered(String id, String to) implements ChatEvent {}

    record Undelivered(String id, String to, UndeliveredReason reason) implements ChatEvent {}

    /** A message's time to live ran out: remove it from the screen. */
    record Expired(String id) implements ChatEvent {}

    record NameChanged(String peerId, String fingerprint, Optional<String> oldName, Optional<String> newName)
            implements ChatEvent {}

    /**
     * A handshake with {@code address} failed on the phrase. {@code count}: how often from this
     * host for this reason in this run, since {@code firstMillis}; interfaces show one line per host and reason.
     */
    record AuthFailed(String address, ReasonCode reason, int count, long firstMillis) implements ChatEvent {
        public AuthFailed(String address, ReasonCode reason) {
            this(address, reason, 1, 0);
        }
    }

    /** A connection was refused or broke the protocol; counted per host and reason like {@link AuthFailed}. */
    record Rejected(String address, ReasonCode reason, int count, long firstMillis) implements ChatEvent {
        public Rejected(String address, ReasonCode reason) {
            this(address, reason, 1, 0);
        }
    }

    /** Two links to one peer existed; one was closed and the peer stayed up. */
    record Duplicate(String peerId, String kept, String via) implements ChatEvent {
        public Duplicate(String peerId, String kept) {
            this(peerId, kept, "direct");
        }
    }

    /** Registered at a relay: members can reach us through it (docs/HEADLESS.md). */
    record RelayUp(String relay, String fingerprint) implements ChatEvent {}

    /** Not (or no longer) registered at a relay; {@code reason} says why, links through it end. */
    record RelayDown(String relay, String reason, String detail) implements ChatEvent {}

    record Peers(List<PeerView> peers) implements ChatEvent {}

    /** One linked peer, as {@code /peers} lists it. */
    record PeerView(String peerId, String fingerprint, Optional<String> name, String address, String direction,
                    boolean verified, String via) {
        public PeerView(String peerId, String fingerprint, Optional<String> name, String address, String direction,
                        boolean verified) {
            this(peerId, fingerprint, name, address, direction, verified, "direct");
        }
    }

    record SafetyNumber(String peerId, String fingerprint, Optional<String> name, String digits, String emoji,
                        boolean verified) implements ChatEvent {}

    /** {@code bytesPerHourPerLink} counts cell bytes; {@code wireBytesPerHourPerLink} IP packets (TLS, TCP, IP added). */
    record Stats(int linksUp, boolean cover, long coverIntervalMillis, long bytesPerHourPerLink, long wireBytesPerHourPerLink,
                 int queuedCells,
                 long cellsSent, long paddingSent) implements ChatEvent {}

    /** Our own settings changed (ttl, name). */
    record Settings(Optional<Long> ttlSeconds, Optional<String> name) implements ChatEvent {}

    /**
     * A dial target changed state (docs/HEADLESS.md, {@code dial}). {@code state}: connecting,
     * failed (with {@code reason}), retrying (in {@code retryInMillis}), linked (to {@code peerId}),
     * stopped (never again: the peer said goodbye, or the address answered as someone else).
     */
    record Dial(String target, String state, Optional<String> reason, long retryInMillis, Optional<String> peerId)
            implements ChatEvent {}

    /** One dial target, as {@code /peers} lists it. */
    record DialView(String target, String state, Optional<String> reason, long retryInMillis, Optional<String> peerId,
                    boolean configured) {}

    /** A peer known in this run but not linked now: when it was last linked, why that ended, whether we redial it. */
    record AbsentView(String peerId, String fingerprint, Optional<String> name, long lastSeenMillis, String reason,
                      boolean redialling) {}

    /** The answer to {@code /peers} about dialling: every target, and the known peers not linked. */
    record DialList(List<DialView> targets, List<AbsentView> absent) implements ChatEvent {}

    /** {@code /query} started (the target's id and label) or ended (both empty). */
    record QueryChanged(Optional<String> peerId, Optional<String> label) implements ChatEvent {}

    /** Text for the person (help, confirmations). */
    record Info(String text) implements ChatEvent {}

    record Error(String message) implements ChatEvent {}

    /** Clear this screen. */
    record Cleared() implements ChatEvent {}

    /** Just before a clean exit. */
    record Bye() implements ChatEvent {}
}
