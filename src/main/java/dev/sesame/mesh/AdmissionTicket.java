package dev.sesame.mesh;

import dev.sesame.transport.PipeSource;

/**
 * What one pipe holds in {@link AdmissionControl}: first an incoming handshake's slot, count
 * and guess token, then a link's peer slot. Whoever owns the handshake, then the link, owns the
 * ticket and closes it when done; {@link #close()} releases exactly what is held, once, however
 * often and from wherever it is called ({@code docs/SECURITY.md} §Admission). Thread-safe.
 */
final class AdmissionTicket implements AutoCloseable {
    enum State { HANDSHAKE, LINK, RELEASED }

    private final AdmissionControl control;
    final PipeSource source;
    final boolean incoming;
    private State state;
    private boolean authenticationFailed;

    AdmissionTicket(AdmissionControl control, PipeSource source, boolean incoming, State state) {
        this.control = control;
        this.source = source;
        this.incoming = incoming;
        this.state = state;
    }

    /** The handshake failed to authenticate the peer: its guess token stays spent when the ticket closes. */
    void authenticationFailed() {
        synchronized (control) {
            authenticationFailed = true;
        }
    }

    /**
     * The handshake succeeded: the ticket now holds a link's peer slot. False when the peer cap
     * is reached; the ticket is then released and the caller drops the link.
     */
    boolean becomeLink() {
        synchronized (control) {
            if (state != State.HANDSHAKE) return state == State.LINK;
            boolean ok = control.promote(this);
            state = ok ? State.LINK : State.RELEASED;
            return ok;
        }
    }

    State state() {
        synchronized (control) {
            return state;
        }
    }

    /** Releases whatever is held. Idempotent. */
    @Override
    public void close() {
        synchronized (control) {
            State held = state;
            state = State.RELEASED;
            control.release(this, held, authenticationFailed);
        }
    }
}
