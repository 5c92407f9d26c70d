package dev.sesame.mesh;

import dev.sesame.util.ReasonCode;
import java.util.Locale;

/** Why a dial target is never dialled again in this run ({@code dial} state {@code stopped}, docs/HEADLESS.md). */
public enum DialStop implements ReasonCode {
    /** The peer said GOODBYE. */
    PEER_LEFT,
    /** The announced address answered as another peer, and no other address is known for it. */
    ANSWERED_AS_SOMEONE_ELSE;

    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
