package dev.sesame.tor;

import java.util.Locale;

/** Why Sesame has no usable tor; {@link #code()} is the reason in {@code tor_down} (docs/HEADLESS.md). */
public enum TorDownReason {
    /** No control port answers and no {@code tor} binary is installed. */
    NOT_FOUND,
    /** The own tor could not be started, or exited before its control port was up. */
    OWN_TOR_FAILED,
    /** The control port refused us or offered no method we support. */
    AUTH_FAILED,
    /** Tor did not finish bootstrapping in time. */
    BOOTSTRAP_TIMEOUT,
    /** Tor refused ADD_ONION. */
    ONION_REFUSED,
    /** The onion service's descriptor was not uploaded in time. */
    DESCRIPTOR_TIMEOUT,
    /** Tor has no SOCKS port to dial through. */
    NO_SOCKS,
    /** Tor went away while we used it (exited, stopped, crashed). */
    EXITED,
    /** Tor broke the control protocol, or did not answer. */
    PROTOCOL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TorDownReason of(TorControlException e) {
        return switch (e.reason()) {
            case UNREACHABLE -> NOT_FOUND;
            case NO_AUTH_METHOD, COOKIE_UNREADABLE, AUTH_FAILED -> AUTH_FAILED;
            case REFUSED -> ONION_REFUSED;
            case PROTOCOL, TIMEOUT -> PROTOCOL;
            case CLOSED -> EXITED;
        };
    }
}
