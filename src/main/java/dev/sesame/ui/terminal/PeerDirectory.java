package dev.sesame.ui.terminal;

import dev.sesame.chat.Names;
import dev.sesame.limits.Limits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The peers this screen has heard of in this run, and how to label them (docs/SECURITY.md,
 * "Names"): by display name, cut to {@link Limits#MAX_NAME_COLUMNS} columns, in a colour taken
 * from the fingerprint, with a fingerprint tag such as {@code [#sgj6]} whenever the name could
 * be taken for someone else's. The tag is added when the name looks like ({@link Names}) any
 * name another peer used in this run, your own name or "you"; when it looks like a fingerprint or
 * holds the punctuation of the rows; when it holds hidden or blank characters; when it was cut;
 * and, marked "mixed scripts", when its scripts mix in a suspicious way. A tag, once due, is
 * shown on every line of that name, older lines included. Tags are long enough to tell every
 * known fingerprint apart. Remembers which peers were verified with {@code /verify NAME ok}.
 * Not thread-safe; confined to the UI thread.
 */
final class PeerDirectory {
    /** What the screen shows for one peer. */
    record Label(String text, boolean verified, Style style) {
        Label(String text, boolean verified) {
            this(text, verified, Style.PEER_NAME);
        }
    }

    private static final int TAG_CHARS = 4;
    private static final String CUT = "\u2026";

    private static final class Peer {
        String via = "direct";
        final String fingerprint;
        Optional<String> name;
        /** Every name this peer used in this run: a look-alike of any of them is tagged. */
        final Set<String> names = new LinkedHashSet<>();
        boolean linked;
        boolean verified;

        Peer(String fingerprint) {
            this.fingerprint = fingerprint;
            this.name = Optional.empty();
        }

        void name(Optional<String> newName) {
            name = newName;
            newName.ifPresent(n -> {
                names.remove(n);
                names.add(n); // the most recent last
                if (names.size() > Limits.MAX_REMEMBERED_NAMES_PER_PEER) names.remove(names.iterator().next());
            });
        }
    }

    /** What does not depend on who else is here, computed once per name (ICU is not free). */
    private record Traits(boolean alwaysTagged, boolean mixedScripts, String head) {}

    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private final Map<String, Traits> traits = new HashMap<>();
    private Optional<String> ownName = Optional.empty();
    private final Set<String> ownNames = new LinkedHashSet<>();
    private String ownFingerprint = "";
    private String ownId = "";

    void own(Optional<String> name, String fingerprint) {
        rename(name);
        ownFingerprint = fingerprint;
    }

    void own(Optional<String> name, String fingerprint, String peerId) {
        own(name, fingerprint);
        ownId = peerId;
    }

    void rename(Optional<String> name) {
        ownName = name.map(Sanitizer::line);
        ownName.ifPresent(ownNames::add);
    }

    Optional<String> ownName() {
        return ownName;
    }

    /** A peer's current name, as the screen shows names (sanitised), if it has one. */
    Optional<String> name(String peerId) {
        Peer peer = peers.get(peerId);
        return peer == null ? Optional.empty() : peer.name;
    }

    /** A peer linked (or sent something); returns true if it was not linked before. */
    boolean up(String peerId, String fingerprint, Optional<String> name) {
        Peer peer = peers.computeIfAbsent(peerId, id -> new Peer(fingerprint));
        peer.name(name.map(Sanitizer::line));
        boolean wasLinked = peer.linked;
        peer.linked = true;
        return !wasLinked;
    }

    /** Makes sure a peer we hear from is known, without changing whether it is linked. */
    void seen(String peerId, String fingerprint, Optional<String> name) {
        Peer peer = peers.computeIfAbsent(peerId, id -> new Peer(fingerprint));
        if (name.isPresent()) peer.name(name.map(Sanitizer::line));
    }

    void down(String peerId) {
        Peer peer = peers.get(peerId);
        if (peer != null) peer.linked = false;
    }

    void renamed(String peerId, String fingerprint, Optional<String> name) {
        peers.computeIfAbsent(peerId, id -> new Peer(fingerprint)).name(name.map(Sanitizer::line));
    }

    void verified(String peerId, String fingerprint) {
        peers.computeIfAbsent(peerId, id -> new Peer(fingerprint)).verified = true;
    }

    /** Forget everyone (a panic with {@code --panic rotate} starts a new identity). */
    void reset() {
        peers.clear();
        ownNames.clear();
        ownName.ifPresent(ownNames::add);
    }

    /** The display names of linked peers (for Tab completion). */
    java.util.List<String> linkedNames() {
        return peers.values().stream().filter(p -> p.linked && p.name.isPresent()).map(p -> p.name.get()).toList();
    }

    int linked() {
        return (int) peers.values().stream().filter(p -> p.linked).count();
    }

    /** How the peer's current link reaches it ({@code direct}, {@code relay}, {@code tor}). */
    void via(String peerId, String via) {
        Peer peer = peers.get(peerId);
        if (peer != null) peer.via = via;
    }

    /** Linked peers reached through a relay (or Tor) rather than directly. */
    int notDirect() {
        return (int) peers.values().stream().filter(p -> p.linked && !p.via.equals("direct")).count();
    }

    /** The peer as it is called now. */
    Label label(String peerId) {
        return label(peerId, Optional.empty());
    }

    /** The peer as it was called when a line was said: {@code nameThen}, or its current name if that is empty. */
    Label label(String peerId, Optional<String> nameThen) {
        Peer peer = peers.get(peerId);
        if (peer == null) return new Label("[#" + PeerDirectory.shortFingerprint(peerId) + "]", false, Style.PEER_NAME);
        Style colour = Style.peerName(peer.fingerprint);
        String tag = "#" + uniqueTag(peer.fingerprint);
        Optional<String> name = nameThen.map(Sanitizer::line).or(() -> peer.name);
        if (name.isEmpty()) return new Label("[" + tag + "]", peer.verified, colour);
        String full = name.get();
        String shown = cut(full);
        Traits t = traits(full);
        boolean tagged = t.alwaysTagged() || !shown.equals(full) || looksLikeSomeoneElse(full, peerId)
                || Names.looksLikeFingerprint(full, fingerprints(), peerIds());
        String text = tagged ? shown + " [" + tag + (t.mixedScripts() ? ", mixed scripts" : "") + "]" : shown;
        return new Label(text, peer.verified, colour);
    }

    /** Our own name, or "you"; our lines are told apart by a mark no name can reach (EntryLayout). */
    Label ownLabel() {
        return ownLabel(ownName);
    }

    /** What we were called when a line was said: {@code nameThen}, or our current name if that is empty. */
    Label ownLabel(Optional<String> nameThen) {
        Optional<String> name = nameThen.map(Sanitizer::line).or(() -> ownName);
        return new Label(name.map(PeerDirectory::cut).orElse(Names.YOU), false, Style.OWN_NAME);
    }

    /** Compares the whole name and, for {@code Alice [#mfrg]} or {@code you: agreed}, the part before the punctuation. */
    private boolean looksLikeSomeoneElse(String name, String peerId) {
        String head = traits(name).head();
        List<String> mine = head.isEmpty() || head.equals(name) ? List.of(name) : List.of(name, head);
        for (String n : mine) {
            if (Names.confusable(n, Names.YOU) || Names.confusableWithAny(n, ownNames)) return true;
            for (Map.Entry<String, Peer> e : peers.entrySet()) {
                if (e.getKey().equals(peerId)) continue;
                for (String theirs : e.getValue().names) {
                    if (Names.confusable(n, theirs) || Names.confusable(name, traits(theirs).head())) return true;
                }
            }
        }
        return false;
    }

    private Traits traits(String name) {
        Traits cached = traits.get(name);
        if (cached != null) return cached;
        boolean mixed = Names.mixedScripts(name);
        Traits t = new Traits(mixed || Names.hiddenCharacters(name) || Names.layoutCharacters(name), mixed, Names.head(name));
        if (traits.size() >= Limits.DEFAULT_MAX_PEERS * 8) traits.clear(); // bounded: a flood of renames only costs recomputing
        traits.put(name, t);
        return t;
    }

    /** The fewest fingerprint characters (at least four) that no other known fingerprint starts with. */
    private String uniqueTag(String fingerprint) {
        String mine = compact(fingerprint);
        int length = TAG_CHARS;
        for (String other : fingerprints()) {
            String theirs = compact(other);
            if (theirs.equals(mine)) continue;
            int common = 0;
            while (common < mine.length() && common < theirs.length() && mine.charAt(common) == theirs.charAt(common)) common++;
            length = Math.max(length, common + 1);
        }
        return Sanitizer.line(mine.substring(0, Math.min(length, mine.length())).toLowerCase(Locale.ROOT));
    }

    private List<String> fingerprints() {
        List<String> out = new ArrayList<>();
        for (Peer p : peers.values()) out.add(p.fingerprint);
        if (!ownFingerprint.isEmpty()) out.add(ownFingerprint);
        return out;
    }

    private List<String> peerIds() {
        List<String> out = new ArrayList<>(peers.keySet());
        if (!ownId.isEmpty()) out.add(ownId);
        return out;
    }

    /** At most {@link Limits#MAX_NAME_COLUMNS} columns; a cut name ends in an ellipsis (and is always tagged). */
    private static String cut(String name) {
        if (TextWidth.of(name) <= Limits.MAX_NAME_COLUMNS) return name;
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int w = TextWidth.of(cp);
            if (used + w > Limits.MAX_NAME_COLUMNS - 1) break;
            out.appendCodePoint(cp);
            used += w;
            i += Character.charCount(cp);
        }
        return out.toString().stripTrailing() + CUT;
    }

    private static String compact(String fingerprint) {
        return fingerprint.replace(" ", "");
    }

    /** The first four fingerprint characters, lower case, as {@code PeerId.shortFingerprint} gives them. */
    static String shortFingerprint(String fingerprint) {
        String compact = compact(fingerprint);
        return Sanitizer.line(compact.substring(0, Math.min(TAG_CHARS, compact.length())).toLowerCase(Locale.ROOT));
    }
}
