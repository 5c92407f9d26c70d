package dev.sesame.chat;

import dev.sesame.mesh.PeerSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the peer a person means in {@code /msg TARGET} or {@code /verify TARGET}
 * (docs/SECURITY.md, "Names"). Three forms:
 *
 * <ul>
 *   <li>{@code #SGJ6} or {@code @SGJ6ZEOA}: a fingerprint prefix of four characters or more
 *       (any case), or a peer-id hex prefix; never a name;</li>
 *   <li>{@code "Very Long"} in double quotes: a name only;</li>
 *   <li>a bare word: a name, a fingerprint prefix or a peer-id prefix, and it must mean exactly one
 *       peer in all three together, so a member who takes someone's fingerprint as its name makes
 *       that word ambiguous instead of taking the messages.</li>
 * </ul>
 *
 * A name matches by look-alike ({@link Names#confusable}), so a name that looks like another
 * member's matches both; a whole name wins over the start of a name ({@code Bo} reaches Bob
 * unless someone else's name starts the same way). Even a single match is refused when its name
 * looks like another member's, like your own, or like "you". Anything but exactly one peer is an
 * error that lists the candidates with their full fingerprints. Thread-safe (stateless).
 */
final class TargetResolver {
    /** Fewest fingerprint or peer-id characters that address a peer. */
    static final int MIN_PREFIX = 4;

    private TargetResolver() {}

    sealed interface Result {
        record Found(PeerSnapshot peer) implements Result {}

        record NotFound(String message) implements Result {}
    }

    static Result resolve(String target, List<PeerSnapshot> peers) {
        return resolve(target, peers, Optional.empty());
    }

    static Result resolve(String target, List<PeerSnapshot> peers, Optional<String> ownName) {
        String wanted = target.strip();
        if (wanted.startsWith("#") || wanted.startsWith("@")) return byFingerprint(wanted, wanted.substring(1), peers);
        if (wanted.length() >= 2 && wanted.startsWith("\"") && wanted.endsWith("\"")) {
            String name = wanted.substring(1, wanted.length() - 1);
            return byName(target, name, peers, ownName, List.of());
        }
        List<PeerSnapshot> prefixed = prefixMatches(wanted, peers);
        return byName(target, wanted, peers, ownName, prefixed);
    }

    private static Result byFingerprint(String target, String prefix, List<PeerSnapshot> peers) {
        String compact = prefix.replace(" ", "");
        if (compact.length() < MIN_PREFIX) {
            return new Result.NotFound("\"" + target + "\": give at least " + MIN_PREFIX
                    + " characters of a fingerprint after # (for example #" + example(peers) + ")");
        }
        List<PeerSnapshot> matches = prefixMatches(compact, peers);
        if (matches.size() == 1) return new Result.Found(matches.getFirst());
        if (matches.isEmpty()) return nobody(target, peers);
        return new Result.NotFound("\"" + target + "\" is the start of several fingerprints: " + describe(matches)
                + "; give more of it");
    }

    /**
     * {@code alsoMatching}: peers the same word reaches by fingerprint or id; together with the
     * name matches they must be one peer.
     */
    private static Result byName(String target, String name, List<PeerSnapshot> peers, Optional<String> ownName,
                                 List<PeerSnapshot> alsoMatching) {
        List<PeerSnapshot> named = nameMatches(name, peers);
        Set<PeerSnapshot> all = new LinkedHashSet<>(named);
        all.addAll(alsoMatching);
        if (all.isEmpty()) return nobody(target, peers);
        if (!named.isEmpty() && !alsoMatching.isEmpty() && all.size() > 1) {
            return new Result.NotFound("\"" + target + "\" is a name (" + describe(named) + ") and the start of a fingerprint ("
                    + describe(alsoMatching) + "); use #" + fingerprintPrefix(alsoMatching.getFirst()) + " for a fingerprint");
        }
        if (all.size() > 1) {
            return new Result.NotFound("\"" + target + "\" matches several peers: " + describe(new ArrayList<>(all))
                    + "; use #FINGERPRINT, for example #" + fingerprintPrefix(all.iterator().next()));
        }
        PeerSnapshot found = all.iterator().next();
        if (found.name().isEmpty() || named.isEmpty()) return new Result.Found(found);
        String foundName = found.name().get();
        List<PeerSnapshot> alike = new ArrayList<>(List.of(found));
        for (PeerSnapshot p : peers) {
            if (!p.equals(found) && p.name().map(n -> Names.confusable(n, foundName)).orElse(false)) alike.add(p);
        }
        if (alike.size() > 1) {
            return new Result.NotFound("\"" + target + "\" is not safe: these names look alike: " + describe(alike)
                    + "; use #" + fingerprintPrefix(found) + " (the fingerprint) instead");
        }
        boolean likeYou = Names.confusable(foundName, Names.YOU) || ownName.map(o -> Names.confusable(o, foundName)).orElse(false);
        if (likeYou) {
            return new Result.NotFound("\"" + target + "\" looks like your own name: " + describe(alike)
                    + "; use #" + fingerprintPrefix(found) + " (the fingerprint) instead");
        }
        return new Result.Found(found);
    }

    /** Whole names that look like {@code name}; if there are none, names that start like it. */
    private static List<PeerSnapshot> nameMatches(String name, List<PeerSnapshot> peers) {
        Names.Key wanted = Names.key(name);
        if (wanted.isEmpty()) return List.of();
        List<PeerSnapshot> whole = new ArrayList<>();
        List<PeerSnapshot> start = new ArrayList<>();
        for (PeerSnapshot p : peers) {
            if (p.name().isEmpty()) continue;
            Names.Key theirs = Names.key(p.name().get());
            if (wanted.sameAs(theirs)) whole.add(p);
            else if (wanted.startOf(theirs)) start.add(p);
        }
        return whole.isEmpty() ? start : whole;
    }

    /** Peers whose fingerprint (spaces ignored, any case) or peer id starts with {@code word}, four characters or more. */
    private static List<PeerSnapshot> prefixMatches(String word, List<PeerSnapshot> peers) {
        String compact = word.replace(" ", "").toLowerCase(Locale.ROOT);
        List<PeerSnapshot> out = new ArrayList<>();
        if (compact.length() < MIN_PREFIX) return out;
        for (PeerSnapshot p : peers) {
            if (p.peerId().compactFingerprint().toLowerCase(Locale.ROOT).startsWith(compact)
                    || p.peerId().hex().startsWith(compact)) {
                out.add(p);
            }
        }
        return out;
    }

    private static Result nobody(String target, List<PeerSnapshot> peers) {
        return new Result.NotFound("no linked peer matches \"" + target + "\"" + (peers.isEmpty() ? " (nobody is linked)"
                : "; linked: " + describe(peers)));
    }

    private static String example(List<PeerSnapshot> peers) {
        return peers.isEmpty() ? "SGJ6" : fingerprintPrefix(peers.getFirst());
    }

    private static String fingerprintPrefix(PeerSnapshot peer) {
        return peer.peerId().compactFingerprint().substring(0, 8);
    }

    private static String describe(List<PeerSnapshot> peers) {
        List<String> parts = new ArrayList<>();
        for (PeerSnapshot p : peers) {
            parts.add(p.name().map(n -> "\"" + n + "\"").orElse("(no name)") + " [" + p.peerId().fingerprint() + "]");
        }
        return String.join(", ", parts);
    }
}
