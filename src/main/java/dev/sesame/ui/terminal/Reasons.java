package dev.sesame.ui.terminal;

import java.time.Duration;

/**
 * Reason codes from the mesh, in words a person can act on, and the repeat count of a grouped
 * notice ({@code (×6 in 40 s)}). Codes stay visible in brackets so they can be looked up in
 * docs/USAGE.md ("When something goes wrong"). Thread-safe (stateless).
 */
final class Reasons {
    private Reasons() {}

    /** True for the reasons that mean the two phrases (or modes) differ. */
    static boolean phraseMismatch(String code) {
        return code.equals("wrong_phrase") || code.equals("confirm_failed");
    }

    /** True for the reasons that are about the phrase (an {@code auth_failed} line covers them). */
    static boolean authentication(String code) {
        return phraseMismatch(code) || code.equals("pake_invalid") || code.equals("unconfirmed");
    }

    /** What a refused or failed connection means, in words. */
    static String words(String code) {
        String base = code.contains(":") ? code.substring(0, code.indexOf(':')) : code;
        String text = switch (base) {
            case "tls_failed" -> "the TLS handshake failed: not a Sesame node, or not this version";
            case "timeout" -> "no answer in time";
            case "closed" -> "the other side hung up during the handshake";
            case "refused" -> "nothing listens there, the connection was refused";
            case "unreachable" -> "no route to that host (network or host down)";
            case "unresolved" -> "that name does not resolve";
            case "unsupported" -> "no transport here can dial that kind of address";
            case "failed" -> "the connection failed";
            case "answered_as_someone_else" -> "it answered as another peer than announced";
            case "protocol" -> "it broke the protocol";
            case "unsupported_version" -> "it speaks another protocol version";
            case "self_connection" -> "that address is this node itself";
            case "bad_key" -> "it sent an invalid key";
            case "busy" -> "too many handshakes at once here";
            case "busy_source" -> "too many handshakes at once from that address";
            case "too_many_peers" -> "this node has as many peers as it allows";
            case "too_many_from_address" -> "too many links from that address";
            case "throttled" -> "too many connection attempts: slowed down";
            case "pake_invalid" -> "it sent an invalid phrase proof";
            case "unconfirmed" -> "it stopped in the middle of the phrase check (counted as a guess)";
            case "peer_left" -> "that peer said goodbye in this run";
            case "internal_error" -> "a bug in Sesame: please report it";
            default -> "";
        };
        return text.isEmpty() ? code : text + " (" + code + ")";
    }

    /** {@code ""} for the first time, else {@code " (×6 in 40 s)"}. */
    static String repeats(int count, long firstMillis, long nowMillis) {
        if (count <= 1) return "";
        Duration span = Duration.ofMillis(Math.max(0, nowMillis - firstMillis));
        return " (\u00d7" + count + " in " + span(span) + ")";
    }

    static String span(Duration d) {
        long s = d.toSeconds();
        if (s < 120) return s + " s";
        if (s < 7200) return s / 60 + " min";
        return s / 3600 + " h";
    }
}
