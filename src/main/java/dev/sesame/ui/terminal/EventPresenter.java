package dev.sesame.ui.terminal;

import dev.sesame.chat.ChatEvent;
import dev.sesame.mesh.PeerDownReason;
import dev.sesame.util.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Applies each {@link ChatEvent} to what the screen shows: the history, the peer directory and
 * the status. Not thread-safe; confined to the UI thread.
 */
final class EventPresenter {
    private static final int QUOTE_CHARS = 30;

    private final HistoryBuffer history;
    private final PeerDirectory peers;
    private final SessionStatus status;
    private final EntryLayout layout;
    private final Clock clock;
    private final IntSupplier width;
    private final Runnable newIdentity;
    private final java.util.Map<String, Integer> undeliveredCounts = new java.util.HashMap<>();
    private Attention attention;
    private Runnable bell = () -> { };
    private java.time.LocalDate lastDay;

    /** {@code newIdentity} runs when a panic with {@code --panic rotate} has started over as someone new. */
    EventPresenter(HistoryBuffer history, PeerDirectory peers, SessionStatus status, EntryLayout layout, Clock clock,
                   IntSupplier width, Runnable newIdentity) {
        this.history = history;
        this.peers = peers;
        this.status = status;
        this.layout = layout;
        this.clock = clock;
        this.width = width;
        this.newIdentity = newIdentity;
    }

    /** Mentions, the bell and "new since you looked" (the terminal interface sets them; tests may not). */
    void attention(Attention attention, Runnable bell) {
        this.attention = attention;
        this.bell = bell;
    }

    void apply(ChatEvent event) {
        Instant now = clock.now();
        switch (event) {
            case ChatEvent.Ready r -> ready(r);
            case ChatEvent.PeerUp u -> {
                peers.up(u.peerId(), u.fingerprint(), u.name());
                peers.via(u.peerId(), u.via());
                endUndeliveredGroups(u.peerId());
                notice(label(u.peerId()) + " joined from " + u.address() + " (link " + u.direction()
                        + (u.via().equals("direct") ? "" : ", via " + u.via()) + ")");
            }
            case ChatEvent.PeerDown d -> {
                peers.down(d.peerId());
                notice(d.reason() == PeerDownReason.GOODBYE ? label(d.peerId()) + " left (goodbye)"
                        : label(d.peerId()) + "'s link dropped (" + d.reason().code() + "); they can come back");
            }
            case ChatEvent.Alone a -> add(HistoryEntry.system(HistoryEntry.Kind.WARNING, now,
                    "you are alone now: nobody is linked. Still listening on " + status.listen + ", so they can come back."));
            case ChatEvent.Message m -> {
                peers.seen(m.from(), m.fingerprint(), m.name());
                arrived(m);
                add(HistoryEntry.theirs(m.id(), now, m.from(), m.name(), m.text(), m.privateMessage(),
                        expiry(now, m.ttlSeconds())));
            }
            case ChatEvent.Sent s -> {
                HistoryEntry ours = HistoryEntry.ours(s.id(), now, s.text(), s.privateMessage(), s.to(), expiry(now, s.ttlSeconds()));
                // This line keeps the names of its day: ours and the recipient's.
                add(ours.withPeerName(ours.peer().flatMap(peers::name)).withOwnName(peers.ownName()));
            }
            case ChatEvent.Delivered d -> history.find(d.id()).flatMap(HistoryEntry::delivery).ifPresent(x -> x.delivered(d.to()));
            case ChatEvent.Undelivered u -> undelivered(u);
            case ChatEvent.Expired e -> history.remove(e.id());
            case ChatEvent.NameChanged n -> {
                String before = label(n.peerId());
                peers.renamed(n.peerId(), n.fingerprint(), n.newName());
                notice(before + " is now known as " + label(n.peerId()));
            }
            case ChatEvent.AuthFailed f -> authFailed(f);
            case ChatEvent.Rejected r -> noise("rejected " + dev.sesame.chat.RepeatCounter.host(r.address()) + " " + r.reason().code(),
                    "link with " + r.address() + " failed: " + Reasons.words(r.reason().code())
                            + Reasons.repeats(r.count(), r.firstMillis(), now.toEpochMilli()));
            case ChatEvent.Duplicate d -> peers.via(d.peerId(), d.via()); // one link kept: maybe direct now
            case ChatEvent.RelayUp r -> notice("relay " + r.relay() + " up (fingerprint " + r.fingerprint() + ")");
            case ChatEvent.RelayDown r -> warning("relay " + r.relay() + " down (" + r.reason() + "): " + r.detail());
            case ChatEvent.Peers p -> peerList(p.peers());
            case ChatEvent.SafetyNumber s -> safetyNumber(s);
            case ChatEvent.Stats s -> notice("cover traffic " + (s.cover() ? "on: one cell every " + s.coverIntervalMillis() + " ms"
                    : "off: keepalives only") + ", " + StatusBar.bytes(s.bytesPerHourPerLink()) + "/h per link when idle; "
                    + s.linksUp() + " link(s) up, " + s.queuedCells() + " cell(s) queued, " + s.cellsSent() + " sent of which "
                    + s.paddingSent() + " padding");
            case ChatEvent.Settings s -> settings(s);
            case ChatEvent.QueryChanged q -> status.query = q.peerId();
            case ChatEvent.Dial d -> {
                status.dials.update(d);
                String line = DialBoard.line(d);
                if (line != null && d.state().equals("failed")) {
                    long[] count = status.dials.failed(d, now.toEpochMilli());
                    line += Reasons.repeats((int) Math.min(Integer.MAX_VALUE, count[0]), count[1], now.toEpochMilli());
                }
                if (line != null) noise("dial " + d.target() + " " + d.reason().orElse(""), line);
            }
            case ChatEvent.DialList l -> dialList(l);
            case ChatEvent.Info i -> notice(i.text());
            case ChatEvent.Error e -> add(HistoryEntry.system(HistoryEntry.Kind.ERROR, now, e.message()));
            case ChatEvent.Tor t -> tor(t);
            case ChatEvent.Cleared c -> history.clear();
            case ChatEvent.Bye b -> {
                status.leaving = true;
                notice("goodbye sent; leaving");
            }
        }
    }

    /**
     * Symmetric: neither side can tell whose phrase is wrong, so neither is blamed. Repeats from
     * one host for one reason update one line (issue 11, "Honest authentication errors").
     */
    private void authFailed(ChatEvent.AuthFailed f) {
        String count = Reasons.repeats(f.count(), f.firstMillis(), clock.now().toEpochMilli());
        String text = Reasons.phraseMismatch(f.reason().code())
                ? "the phrase does not match the one at " + f.address() + " (or one of you is in decoy mode): check yours" + count
                : "phrase check with " + f.address() + " failed: " + Reasons.words(f.reason().code()) + count;
        noise("auth " + dev.sesame.chat.RepeatCounter.host(f.address()) + " " + f.reason().code(), text);
    }

    private void noise(String group, String text) {
        HistoryEntry entry = HistoryEntry.system(HistoryEntry.Kind.WARNING, clock.now(), text);
        history.addNoise(group, entry, layout.rows(entry, Math.max(1, width.getAsInt()), clock.now()).size());
    }

    void notice(String text) {
        add(HistoryEntry.system(HistoryEntry.Kind.NOTICE, clock.now(), text));
    }

    void warning(String text) {
        add(HistoryEntry.system(HistoryEntry.Kind.WARNING, clock.now(), text));
    }

    private void ready(ChatEvent.Ready r) {
        if (status.ready && !r.fingerprint().equals(status.fingerprint)) { // a new identity after a panic: forget the old one
            peers.reset();
            status.dials.reset();
            newIdentity.run();
        }
        status.ready = true;
        status.fingerprint = r.fingerprint();
        status.listen = r.listen();
        peers.own(r.name(), r.fingerprint(), r.peerId());
        notice("listening on " + r.listen() + " as " + peers.ownLabel().text() + " [" + r.fingerprint() + "], "
                + r.mode() + " mode. Others join with " + (r.listen().contains(".onion:") ? "--tor --peer " + r.listen()
                        : "--peer HOST:" + r.listen().substring(r.listen().lastIndexOf(':') + 1))
                + ". /help lists commands and keys.");
        for (String w : r.warnings()) warning(w);
    }

    private void tor(ChatEvent.Tor t) {
        switch (t.kind()) {
            case BOOTSTRAP -> notice("tor: " + t.progress() + "% " + t.text());
            case READY -> {
                status.tor = true;
                notice("tor: onion service published at " + t.text());
            }
            case DOWN -> warning("tor is down (" + t.reason() + "): " + t.text() + "; links over Tor end and cannot come back");
        }
    }

    /**
     * One line per peer and cause, counting up ("bob left: 63 messages not delivered"): a peer
     * that leaves with a long queue must not flood the screen. The line's group ends when the
     * peer comes back.
     */
    private void undelivered(ChatEvent.Undelivered u) {
        Optional<HistoryEntry> entry = history.find(u.id());
        entry.flatMap(HistoryEntry::delivery).ifPresent(x -> x.failed(u.to(), u.reason().code()));
        String group = u.to() + " " + u.reason().code();
        int count = undeliveredCounts.merge(group, 1, Integer::sum);
        String who = label(u.to());
        String what;
        if (count == 1) {
            // A disappearing message is not quoted: the quote would outlive it.
            String quote = entry.filter(e -> e.expiresAt().isEmpty()).map(e -> " \"" + shorten(e.text()) + "\"").orElse("");
            what = "message" + quote + " not delivered";
        } else {
            what = count + " messages not delivered";
        }
        String text = switch (u.reason()) {
            case PEER_LEFT -> who + " left: " + what;
            case TIMEOUT -> who + " did not confirm in time: " + what;
            case OUTBOX_FULL -> who + "'s queue is full: " + what;
            default -> what + " to " + who + " (" + u.reason().code() + ")";
        };
        HistoryEntry line = HistoryEntry.system(HistoryEntry.Kind.WARNING, clock.now(), text);
        history.addGrouped("undelivered " + group, line, layout.rows(line, Math.max(1, width.getAsInt()), clock.now()).size());
    }

    /** A peer is back: later failures to it start new lines. */
    private void endUndeliveredGroups(String peerId) {
        undeliveredCounts.keySet().removeIf(group -> {
            boolean mine = group.startsWith(peerId + " ");
            if (mine) history.endGroup("undelivered " + group);
            return mine;
        });
    }

    private void peerList(List<ChatEvent.PeerView> list) {
        List<String> lines = new ArrayList<>();
        lines.add(list.isEmpty() ? "nobody is linked" : list.size() + " linked:");
        for (ChatEvent.PeerView p : list) {
            peers.seen(p.peerId(), p.fingerprint(), p.name());
            lines.add(label(p.peerId()) + "  [" + p.fingerprint() + "]  " + p.address() + " (link " + p.direction()
                    + (p.via().equals("direct") ? "" : ", via " + p.via()) + ")"
                    + (p.verified() ? "  " + EntryLayout.VERIFIED_MARK + " verified" : "  not verified"));
        }
        notice(String.join("\n", lines));
    }

    private void dialList(ChatEvent.DialList l) {
        List<String> lines = new ArrayList<>();
        lines.add(l.targets().isEmpty() ? "no addresses to dial" : "dialling:");
        for (ChatEvent.DialView d : l.targets()) {
            lines.add("  " + d.target() + (d.configured() ? "" : " (announced)") + "  " + DialBoard.describe(d)
                    + d.peerId().map(p -> "  " + label(p)).orElse(""));
        }
        if (!l.absent().isEmpty()) lines.add("known, not linked:");
        for (ChatEvent.AbsentView a : l.absent()) {
            peers.seen(a.peerId(), a.fingerprint(), a.name());
            long ago = Math.max(0, clock.now().toEpochMilli() - a.lastSeenMillis());
            lines.add("  " + label(a.peerId()) + "  [" + a.fingerprint() + "]  last seen " + Reasons.span(Duration.ofMillis(ago))
                    + " ago, " + a.reason() + (a.redialling() ? ", redialling" : ", not redialling"));
        }
        notice(String.join("\n", lines));
    }

    private void safetyNumber(ChatEvent.SafetyNumber s) {
        if (s.verified()) peers.verified(s.peerId(), s.fingerprint());
        String who = label(s.peerId());
        notice("safety number with " + who + " [" + s.fingerprint() + "]:\n" + s.digits() + "\n" + s.emoji() + "\n"
                + (s.verified() ? EntryLayout.VERIFIED_MARK + " verified: " + who + " [" + s.fingerprint()
                        + "] is marked as checked, with the safety number above, from now on"
                : "Compare it with " + who + " out of band (in person or by phone). If it matches: /verify "
                        + target(s) + " ok"));
    }

    /** What to type after /verify to reach exactly this peer: its fingerprint, which no name can stand for. */
    private static String target(ChatEvent.SafetyNumber s) {
        return "#" + s.fingerprint().replace(" ", "").substring(0, 8);
    }

    private void settings(ChatEvent.Settings s) {
        if (!s.ttlSeconds().equals(status.ttlSeconds)) {
            status.ttlSeconds = s.ttlSeconds();
            notice(s.ttlSeconds().map(t -> "your messages now disappear after " + EntryLayout.remaining(Duration.ofSeconds(t)))
                    .orElse("disappearing messages off"));
        }
        if (!s.name().map(Sanitizer::line).equals(peers.ownName())) {
            peers.rename(s.name());
            notice("you are now " + peers.ownLabel().text());
        }
    }

    private void arrived(ChatEvent.Message m) {
        if (attention == null) return;
        boolean mention = Attention.mentions(m.text(), peers.ownName());
        if (attention.arrived(m.privateMessage(), mention, clock.nanoTime())) {
            history.removeMarker();
            HistoryEntry marker = HistoryEntry.system(HistoryEntry.Kind.NOTICE, clock.now(), NEW_MARKER);
            history.addMarker(marker, layout.rows(marker, Math.max(1, width.getAsInt()), clock.now()).size());
        }
        if (attention.rings(m.privateMessage(), mention)) bell.run();
    }

    static final String NEW_MARKER = "\u2500\u2500\u2500\u2500 new since you looked \u2500\u2500\u2500\u2500";

    /** A line saying the day changed, before the first entry of a new day (in the screen's zone). */
    private void dayLine(Instant at) {
        java.time.LocalDate day = at.atZone(layout.zone()).toLocalDate();
        if (lastDay != null && !day.equals(lastDay)) {
            String text = "day changed to " + day.format(java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM uuuu",
                    java.util.Locale.ROOT));
            HistoryEntry line = HistoryEntry.system(HistoryEntry.Kind.NOTICE, at, text);
            history.add(line, layout.rows(line, Math.max(1, width.getAsInt()), at).size());
        }
        lastDay = day;
    }

    /**
     * Draws our line, for {@code to} (the {@code /query} target) or everyone, before the mesh has
     * taken it (README "Performance": Enter to own line); the interface calls {@link #endEcho} once
     * the send returned, and the line's {@code sent} event, already waiting, is drawn in the same frame.
     */
    void echo(String text, Optional<String> to) {
        HistoryEntry ours = HistoryEntry.echo(clock.now(), text, to);
        add(ours.withPeerName(ours.peer().flatMap(peers::name)).withOwnName(peers.ownName()));
    }

    void endEcho() {
        history.remove(HistoryEntry.ECHO_ID);
    }

    private void add(HistoryEntry entry) {
        dayLine(entry.time());
        history.add(entry, layout.rows(entry, Math.max(1, width.getAsInt()), clock.now()).size());
    }

    private String label(String peerId) {
        return peers.label(peerId).text();
    }

    private static Optional<Instant> expiry(Instant now, long ttlSeconds) {
        return ttlSeconds > 0 ? Optional.of(now.plusSeconds(ttlSeconds)) : Optional.empty();
    }

    private static String shorten(String text) {
        String line = Sanitizer.line(text);
        return line.codePointCount(0, line.length()) <= QUOTE_CHARS ? line
                : line.substring(0, line.offsetByCodePoints(0, QUOTE_CHARS)) + "...";
    }
}
