package dev.sesame.relay;

/**
 * What the relay holds now, as counts only: never a room hash, a member id or an address
 * ({@code docs/SECURITY.md}, "Relay"). This is all its console ever prints.
 */
public record RelayStats(int connections, int rooms, int members, int pendingPipes, int splicedPipes) {
    /** One console line. */
    public String line() {
        return "relay: " + rooms + " rooms, " + members + " members, " + splicedPipes + " pipes (" + pendingPipes
                + " pending), " + connections + " connections";
    }
}
