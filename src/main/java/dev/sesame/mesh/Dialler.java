package dev.sesame.mesh;

/**
 * Starts a dial to a target without blocking. The outcome comes back on the mesh loop:
 * {@code PeerLinks.adopt} with the target when it authenticates, {@code Discovery.dialFailed}
 * otherwise; either way {@link DialTarget#dialing} is cleared first.
 */
@FunctionalInterface
interface Dialler {
    void dial(DialTarget target);
}
