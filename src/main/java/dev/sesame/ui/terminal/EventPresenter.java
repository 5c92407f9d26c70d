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

    void apply(ChatEvent event) {
        Instant now = clock.now();
        switch (event) {
            case ChatEvent.Ready r -> ready(r);
            case ChatEvent.PeerUp u -> {
                peers.up(u.peerId(), u.fingerprint(), u.name());
                notice(label(u.peerId()) + " joined from " + u.address() + " (link " + u.direction() + ")");
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
                add(HistoryEntry.theirs(m.id(), now, m.from(), m.name(), m.text(), m.privateMessage(),
                        expiry(now, m.ttlSeconds())));
            }
            case ChatEvent.Sent s -> {
                HistoryEntry ours = HistoryEntry.ours(s.id(), now, s.text(), s.privateMessage(), s.to(), expiry(now, s.ttlSeconds()));
                add(ours.withPeerName(ours.peer().flatMap(peers::name))); // the recipient keeps this name on this line
            }
            case ChatEvent.Delivered d -> history.find(d.id()).flatMap(HistoryEntry::delivery).ifPresent(x -> x.delivered(d.to()));
            case ChatEvent.Undelivered u -> undelivered(u);
            case ChatEvent.Expired e -> history.remove(e.id());
            case ChatEvent.NameChanged n -> {
                String before = label(n.peerId());
                peers.renamed(n.peerId(), n.fingerprint(), n.newName());
                notice(before + " is now known as " + label(n.peerId()));
            }
            case ChatEvent.AuthFailed f -> warning("someone at " + f.address() + " failed to prove the phrase (" + f.reason().code() + ")");
            case ChatEvent.Rejected r -> warning("connection from " + r.address() + " refused (" + r.reason().code() + ")");
            case ChatEvent.Duplicate d -> { } // two links to one peer, one kept: nothing for the person to do
            case ChatEvent.Peers p -> peerList(p.peers());
            case ChatEvent.SafetyNumber s -> safetyNumber(s);
            case ChatEvent.Stats s -> notice("cover traffic " + (s.cover() ? "on: one cell every " + s.coverIntervalMillis() + " ms"
                    : "off: keepalives only") + ", " + StatusBar.bytes(s.bytesPerHourPerLink()) + "/h per link when idle; "
                    + s.linksUp() + " link(s) up, " + s.queuedCells() + " cell(s) queued, " + s.cellsSent() + " sent of which "
                    + s.paddingSent() + " padding");
            case ChatEvent.Settings s -> settings(s);
            case ChatEvent.Info i -> notice(i.text());
            case ChatEvent.Error e -> add(HistoryEntry.system(HistoryEntry.Kind.ERROR, now, e.message()));
            case ChatEvent.Cleared c -> history.clear();
            case ChatEvent.Bye b -> {
                status.leaving = true;
                notice("goodbye sent; leaving");
            }
        }
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
            newIdentity.run();
        }
        status.ready = true;
        status.fingerprint = r.fingerprint();
        status.listen = r.listen();
        peers.own(r.name(), r.fingerprint(), r.peerId());
        notice("listening on " + r.listen() + " as " + peers.ownLabel().text() + " [" + r.fingerprint() + "], "
                + r.mode() + " mode. Others join with --peer HOST:" + r.listen().substring(r.listen().lastIndexOf(':') + 1)
                + ". /help lists commands and keys.");
        for (String w : r.warnings()) warning(w);
    }

    private void undelivered(ChatEvent.Undelivered u) {
        Optional<HistoryEntry> entry = history.find(u.id());
        entry.flatMap(HistoryEntry::delivery).ifPresent(x -> x.failed(u.to(), u.reason().code()));
        // A disappearing message is not quoted: the quote would outlive it.
        String quote = entry.filter(e -> e.expiresAt().isEmpty()).map(e -> " \"" + shorten(e.text()) + "\"").orElse("");
        warning("message" + quote + " not delivered to " + label(u.to()) + " (" + u.reason().code() + ")");
    }

    private void peerList(List<ChatEvent.PeerView> list) {
        List<String> lines = new ArrayList<>();
        lines.add(list.isEmpty() ? "nobody is linked" : list.size() + " linked:");
        for (ChatEvent.PeerView p : list) {
            peers.seen(p.peerId(), p.fingerprint(), p.name());
            lines.add(label(p.peerId()) + "  [" + p.fingerprint() + "]  " + p.address() + " (link " + p.direction() + ")"
                    + (p.verified() ? "  " + EntryLayout.VERIFIED_MARK + " verified" : "  not verified"));
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

    private void add(HistoryEntry entry) {
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
