package dev.sesame.mesh;

import dev.sesame.util.ReasonCode;
import java.util.Locale;

/** Why the mesh refused or ended a link on its own rules ({@code rejected}, docs/HEADLESS.md). */
public enum Refusal implements ReasonCode {
    /** A link's first message was not its PROFILE. */
    EXPECTED_PROFILE,
    /** A link sent no PROFILE within the handshake timeout. */
    NO_PROFILE,
    /** The peer said GOODBYE in this run and came back. */
    PEER_LEFT,
    /** The peer was forgotten to keep the peer table bounded (Limits.MAX_PEER_TABLE) and stays refused this run. */
    FORGOTTEN,
    TOO_MANY_PEERS,
    /** This node is leaving (GOODBYE sent): no new links. */
    LEAVING,
    // Admission limits on incoming connections (AdmissionControl).
    BUSY,
    BUSY_SOURCE,
    TOO_MANY_FROM_ADDRESS,
    THROTTLED,
    /** A pending connection made way for a newer one from the same source (the listener's junk defence). */
    EVICTED,
    /** The listener's accept failed (for example, out of file descriptors); it backs off. */
    ACCEPT_FAILED;

    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
