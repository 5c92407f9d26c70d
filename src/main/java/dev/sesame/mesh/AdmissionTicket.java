package dev.sesame.mesh;

import dev.sesame.link.IncomingHandshake;
import dev.sesame.link.PeerId;
import dev.sesame.transport.PipeSource;
import dev.sesame.util.ReasonCode;
import java.util.Optional;
import java.util.function.BooleanSupplier;

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
    /** True when the pipe has bytes we have not read yet: then a slow handshake is our fault, not its. Cheap, never blocks. */
    private final BooleanSupplier bytesWaiting;
    /** Set once the handshake reports its reads ({@link #awaitingPeer()}); until then only {@link #lastProgressNanos} tells a stall. */
    volatile boolean observesReads;
    /** When the handshake's thread began a read that has not returned, or {@link #NOT_READING}. Written without the lock: a hint. */
    volatile long readingSinceNanos = NOT_READING;
    static final long NOT_READING = Long.MIN_VALUE;
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
        this(control, source, incoming, state, abort, () -> false, now);
    }

    AdmissionTicket(AdmissionControl control, PipeSource source, boolean incoming, State state, Runnable abort,
                    BooleanSupplier bytesWaiting, long now) {
        this.control = control;
        this.source = source;
        this.incoming = incoming;
        this.state = state;
        this.abort = abort;
        this.bytesWaiting = bytesWaiting;
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
        return control.startHandshake(this, peerId);
    }

    /**
     * Since when the peer has kept us waiting: the start of a read of ours that has not returned,
     * or {@link #NOT_READING} (docs/SECURITY.md §Junk connections). A handshake thread that has
     * not run yet (a busy listener) or that is working on what it read waits for nothing. Until
     * the handshake reports its reads, the time of its last flight stands in.
     */
    long waitingSince() {
        return observesReads ? readingSinceNanos : lastProgressNanos;
    }

    boolean hasBytesWaiting() {
        try {
            return bytesWaiting.getAsBoolean();
        } catch (RuntimeException e) {
            return false; // a closed pipe has nothing to wait for
        }
    }

    @Override
    public void awaitingPeer() {
        readingSinceNanos = control.now();
        observesReads = true;
    }

    @Override
    public void heardPeer() {
        readingSinceNanos = NOT_READING;
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
