package dev.sesame.chat;

import dev.sesame.mesh.PeerSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the peer a person means by {@code NAME} in {@code /msg NAME} or {@code /verify NAME}: an
 * exact display name (any case), else a fingerprint prefix (spaces ignored), else a peer-id hex
 * prefix. Anything but exactly one match is an error that lists the candidates.
 */
final class TargetResolver {
    private TargetResolver() {}

    sealed interface Result {
        record Found(PeerSnapshot peer) implements Result {}

        record NotFound(String message) implements Result {}
    }

    static Result resolve(String target, List<PeerSnapshot> peers) {
        String wanted = target.strip().toLowerCase(Locale.ROOT);
        List<PeerSnapshot> byName = new ArrayList<>();
        List<PeerSnapshot> byPrefix = new ArrayList<>();
        String compact = wanted.replace(" ", "");
        for (PeerSnapshot p : peers) {
            if (p.name().map(n -> n.toLowerCase(Locale.ROOT).equals(wanted)).orElse(false)) byName.add(p);
            boolean fingerprint = !compact.isEmpty()
                    && p.peerId().compactFingerprint().toLowerCase(Locale.ROOT).startsWith(compact);
            boolean id = compact.length() >= 4 && p.peerId().hex().startsWith(compact);
            if (fingerprint || id) byPrefix.add(p);
        }
        List<PeerSnapshot> matches = !byName.isEmpty() ? byName : byPrefix;
        if (matches.size() == 1) return new Result.Found(matches.getFirst());
        if (matches.isEmpty()) {
            return new Result.NotFound("no linked peer matches \"" + target + "\"" + (peers.isEmpty() ? " (nobody is linked)"
                    : "; linked: " + describe(peers)));
        }
        return new Result.NotFound("\"" + target + "\" matches several peers: " + describe(matches)
                + "; use a fingerprint prefix");
    }

    private static String describe(List<PeerSnapshot> peers) {
        List<String> parts = new ArrayList<>();
        for (PeerSnapshot p : peers) parts.add(p.name().orElse("(no name)") + " [" + p.peerId().fingerprint() + "]");
        return String.join(", ", parts);
    }
}
