package dev.sesame.mesh;

import dev.sesame.util.ReasonCode;
import java.util.Locale;

/** Why a peer's last link ended ({@code peer_down}, docs/HEADLESS.md). */
public enum PeerDownReason implements ReasonCode {
    /** It left on purpose: never redialled. */
    GOODBYE,
    CLOSED,
    TIMEOUT,
    ERROR,
    /** Reserved: resolving duplicate links never takes a peer down. */
    DUPLICATE;

    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
