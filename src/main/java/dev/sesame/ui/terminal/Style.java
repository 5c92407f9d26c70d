package dev.sesame.ui.terminal;

/** What a piece of the screen is; {@link Palette} decides how each looks. */
enum Style {
    /** Chat text, ours and theirs. */
    TEXT,
    /** Time stamps, delivery state, countdowns: present but quiet. */
    QUIET,
    OWN_NAME,
    /** Peers' names come in one of these colours, chosen by fingerprint ({@link #peerName}); never the own name's. */
    PEER_NAME,
    PEER_NAME_2,
    PEER_NAME_3,
    PEER_NAME_4,
    PEER_NAME_5,
    /** Private messages, both directions. */
    PRIVATE,
    /** The check mark of a verified peer. */
    VERIFIED,
    /** Joins, departures, confirmations, help. */
    NOTICE,
    /** Things to act on: warnings, failed authentication, undelivered messages. */
    WARNING,
    ERROR,
    /** A peer's line that mentions your name. */
    MENTION,
    STATUS,
    /** The status bar's mode field in decoy mode: it must be impossible to miss. */
    STATUS_DECOY,
    /** The status bar's mode field in real mode. */
    STATUS_REAL,
    /** The status bar's "alone" and "scrolled back" notices. */
    STATUS_ALERT,
    PROMPT,
    INPUT;

    private static final Style[] PEER_NAMES = {PEER_NAME, PEER_NAME_2, PEER_NAME_3, PEER_NAME_4, PEER_NAME_5};

    /** The colour of a peer's name: the same for one fingerprint every time (String.hashCode is specified). */
    static Style peerName(String fingerprint) {
        return PEER_NAMES[Math.floorMod(fingerprint.replace(" ", "").hashCode(), PEER_NAMES.length)];
    }
}
