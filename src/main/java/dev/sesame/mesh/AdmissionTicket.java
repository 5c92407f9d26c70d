package dev.sesame.mesh;

import dev.sesame.link.HandshakeException;
import dev.sesame.link.IncomingHandshake;
import dev.sesame.link.PeerId;
import dev.sesame.transport.PipeSource;
import dev.sesame.util.ReasonCode;
import java.util.Optional;

/**
 * What one pipe holds in {@link AdmissionControl}: an incoming pipe first holds a pending place
 * (before and during TLS), then a handshake slot with a reserved guess token, then a link's peer
 * slot; a link we dialled holds only the peer slot. Whoever owns the handshake, then the link,
 * owns the ticket and closes it when done; {@link #close()} releases exactly what is held, once,
 * however often and from wherever it is called ({@code docs/SECURITY.md} §Admission).
 *
 * <p>As the listener's {@link IncomingHandshake} it also hears how the handshake advances,
 * which decides who loses a slot when a new pipe needs one (§Junk connections). Thread-safe:
 * every method locks the {@link AdmissionControl}.
 */
final class AdmissionTicket implements AutoCloseable, IncomingHandshake {
    enum State { PENDING, HANDSHAKE, LINK, RELEASED }

    private final AdmissionControl control;
    final PipeSource source;
    final boolean incoming;
    /** Drops the pipe at once (eviction); never called under the control's lock. */
    final Runnable abort;
    final long admittedNanos;
    State state;
    boolean authenticationFailed;
    boolean tokenTaken;
    boolean evicted;
    /** Set when our FINISH goes out: the peer can check a guess, so the slot is never taken away. */
    boolean finishing;
    /** Set when the pipe sends its first byte: a pending pipe that has not is dropped first. */
    boolean sentFirstByte;
    long lastProgressNanos;
    PeerId peer;

    AdmissionTicket(AdmissionControl control, PipeSource source, boolean incoming, State state, Runnable abort, long now) {
        this.control = control;
        this.source = source;
        this.incoming = incoming;
        this.state = state;
        this.abort = abort;
        this.admittedNanos = now;
        this.lastProgressNanos = now;
    }

    /** The handshake failed to authenticate the peer: its guess token is spent when the ticket closes. */
    void authenticationFailed() {
        synchronized (control) {
            authenticationFailed = true;
        }
    }

    /** True if this pipe was dropped to make room for another (reported as {@code evicted}). */
    boolean evicted() {
        synchronized (control) {
            return evicted;
        }
    }

    @Override
    public void firstByte() {
        control.firstByte(this);
    }

    @Override
    public Optional<ReasonCode> tlsDone(PeerId peerId) {
        // AdmissionControl reports its refusals as codes; "closed" (no longer pending, not evicted) is the only other one.
        return control.startHandshake(this, peerId)
                .map(code -> Refusal.ofCode(code).<ReasonCode>map(r -> r).orElse(HandshakeException.Reason.CLOSED));
    }

    @Override
    public void progressed() {
        control.progressed(this);
    }

    @Override
    public void finishing() {
        control.finishing(this);
    }

    /**
     * The handshake succeeded: the ticket now holds a link's peer slot. False when the peer cap
     * is reached; the ticket is then released and the caller drops the link.
     */
    boolean becomeLink() {
        return control.promote(this);
    }

    State state() {
        synchronized (control) {
            return state;
        }
    }

    /** Releases whatever is held. Idempotent. */
    @Override
    public void close() {
        control.release(this);
    }
}
