package dev.sesame.transport;

import java.util.Locale;

/** How a pipe reaches the other node; shown as {@code "via"} in {@code peer_up} (docs/HEADLESS.md). */
public enum Via {
    DIRECT, RELAY, TOR;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
