package dev.sesame.ui.terminal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The peers this screen has heard of in this run, and how to label them: by display name, with
 * a short fingerprint added when two of them (or one of them and we) share a name, or instead of
 * a name when there is none. Remembers which peers were verified with {@code /verify NAME ok}.
 * Not thread-safe; confined to the UI thread.
 */
final class PeerDirectory {
    /** What the screen shows for one peer. */
    record Label(String text, boolean verified) {}

    private static final class Peer {
        final String fingerprint;
        Optional<String> name;
        boolean linked;
        boolean verified;

        Peer(String fingerprint, Optional<String> name) {
            this.fingerprint = fingerprint;
            this.name = name;
        }
    }

    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private Optional<String> ownName = Optional.empty();
    private String ownFingerprint = "";

    void own(Optional<String> name, String fingerprint) {
        ownName = name.map(Sanitizer::line);
        ownFingerprint = fingerprint;
    }

    void rename(Optional<String> name) {
        ownName = name.map(Sanitizer::line);
    }

    Optional<String> ownName() {
        return ownName;
    }

    /** A peer linked (or sent something); returns true if it was not linked before. */
    boolean up(String peerId, String fingerprint, Optional<String> name) {
        Peer peer = peers.computeIfAbsent(peerId, id -> new Peer(fingerprint, Optional.empty()));
        peer.name = name.map(Sanitizer::line);
        boolean wasLinked = peer.linked;
        peer.linked = true;
        return !wasLinked;
    }

    /** Makes sure a peer we hear from is known, without changing whether it is linked. */
    void seen(String peerId, String fingerprint, Optional<String> name) {
        Peer peer = peers.computeIfAbsent(peerId, id -> new Peer(fingerprint, Optional.empty()));
        if (name.isPresent()) peer.name = name.map(Sanitizer::line);
    }

    void down(String peerId) {
        Peer peer = peers.get(peerId);
        if (peer != null) peer.linked = false;
    }

    void renamed(String peerId, String fingerprint, Optional<String> name) {
        peers.computeIfAbsent(peerId, id -> new Peer(fingerprint, Optional.empty())).name = name.map(Sanitizer::line);
    }

    void verified(String peerId, String fingerprint) {
        peers.computeIfAbsent(peerId, id -> new Peer(fingerprint, Optional.empty())).verified = true;
    }

    /** Forget everyone (a panic with {@code --panic rotate} starts a new identity). */
    void reset() {
        peers.clear();
    }

    /** The display names of linked peers (for Tab completion). */
    java.util.List<String> linkedNames() {
        return peers.values().stream().filter(p -> p.linked && p.name.isPresent()).map(p -> p.name.get()).toList();
    }

    int linked() {
        return (int) peers.values().stream().filter(p -> p.linked).count();
    }

    Label label(String peerId) {
        Peer peer = peers.get(peerId);
        if (peer == null) return new Label("[" + shortFingerprint(peerId) + "]", false);
        String tag = shortFingerprint(peer.fingerprint);
        if (peer.name.isEmpty()) return new Label("[" + tag + "]", peer.verified);
        String name = peer.name.get();
        return new Label(collides(name, peerId) ? name + " [" + tag + "]" : name, peer.verified);
    }

    Label ownLabel() {
        if (ownName.isEmpty()) return new Label("you", false);
        String name = ownName.get();
        return new Label(collides(name, "") ? name + " [" + shortFingerprint(ownFingerprint) + "]" : name, false);
    }

    private boolean collides(String name, String exceptPeerId) {
        String key = name.toLowerCase(Locale.ROOT);
        if (!exceptPeerId.isEmpty() && ownName.map(n -> n.toLowerCase(Locale.ROOT).equals(key)).orElse(false)) return true;
        for (Map.Entry<String, Peer> e : peers.entrySet()) {
            if (e.getKey().equals(exceptPeerId)) continue;
            if (e.getValue().name.map(n -> n.toLowerCase(Locale.ROOT).equals(key)).orElse(false)) return true;
        }
        return false;
    }

    /** The first four fingerprint characters, lower case, as {@code PeerId.shortFingerprint} gives them. */
    static String shortFingerprint(String fingerprint) {
        String compact = fingerprint.replace(" ", "");
        return Sanitizer.line(compact.substring(0, Math.min(4, compact.length())).toLowerCase(Locale.ROOT));
    }
}
