package dev.sesame.mesh;

import dev.sesame.util.ReasonCode;
import java.util.Locale;

/** Why a message will not be delivered to one peer ({@code undelivered}, docs/HEADLESS.md). */
public enum UndeliveredReason implements ReasonCode {
    /** No receipt within the delivery timeout. */
    TIMEOUT,
    /** The peer fell a whole outbox behind the others (docs/HEADLESS.md, "Back-pressure"). */
    OUTBOX_FULL,
    /** The peer said GOODBYE. */
    PEER_LEFT,
    /** The message's TTL ran out first. */
    EXPIRED;

    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
