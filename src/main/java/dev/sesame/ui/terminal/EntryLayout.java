package dev.sesame.ui.terminal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a history entry into styled rows: {@code HH:mm   name: text [state]} for a peer,
 * {@code HH:mm » name: text} for us, private messages marked and coloured, system lines behind
 * {@code --} or {@code !!}, continuation rows (from wrapping or from line breaks in the text)
 * always indented (docs/SECURITY.md, "Names"). Everything that came from outside goes through the {@link Sanitizer}. Not
 * thread-safe; confined to the UI thread (it reads the {@link PeerDirectory}).
 */
final class EntryLayout {
    static final String VERIFIED_MARK = "\u2713";
    /**
     * The column right after the time (column 6) says whose message it is: this mark on our own,
     * a space on a peer's. A peer's text never reaches that column (its name starts after it and
     * continuation rows are indented), so no name or message can draw a row that looks like ours.
     * Anything else a message row shows (an action's {@code *}, a private marker) goes after it.
     */
    static final String OWN_MARK = "\u00BB ";
    static final String PEER_MARK = "  ";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter TIME_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** What a chat line starts with on the wire when it is an action ({@code /me waves}). */
    static final String ACTION_PREFIX = "/me ";

    private final PeerDirectory peers;
    private final ZoneId zone;
    private boolean seconds;

    EntryLayout(PeerDirectory peers, ZoneId zone) {
        this.peers = peers;
        this.zone = zone;
    }

    /** {@code /set time seconds|minutes}. */
    void seconds(boolean on) {
        seconds = on;
    }

    ZoneId zone() {
        return zone;
    }

    /** True for a chat line that is an action, shown as {@code * name waves}. */
    static boolean isAction(HistoryEntry entry) {
        return (entry.kind() == HistoryEntry.Kind.THEIRS || entry.kind() == HistoryEntry.Kind.OURS)
                && entry.text().startsWith(ACTION_PREFIX) && entry.text().length() > ACTION_PREFIX.length();
    }

    List<List<Glyph>> rows(HistoryEntry entry, int width, Instant now) {
        List<Glyph> line = new ArrayList<>();
        add(line, (seconds ? TIME_SECONDS : TIME).format(entry.time().atZone(zone)) + " ", Style.QUIET);
        boolean action = isAction(entry);
        switch (entry.kind()) {
            case THEIRS -> {
                Style text = entry.privateMessage() ? Style.PRIVATE : Style.TEXT;
                add(line, PEER_MARK, Style.TEXT);
                if (entry.privateMessage()) add(line, "(private) ", Style.PRIVATE);
                if (action) add(line, "* ", text); // after the mark column: never where our own mark goes
                name(line, peers.label(entry.peer().orElse(""), entry.peerName()));
                add(line, action ? " " : ": ", text);
            }
            case OURS -> {
                Style text = entry.privateMessage() ? Style.PRIVATE : Style.TEXT;
                add(line, OWN_MARK, Style.OWN_NAME);
                if (action) add(line, "* ", text);
                name(line, peers.ownLabel(entry.ownName()));
                if (entry.privateMessage()) {
                    add(line, " \u2192 ", Style.PRIVATE);
                    name(line, entry.peer().map(p -> peers.label(p, entry.peerName()))
                            .orElse(new PeerDirectory.Label("nobody", false)));
                }
                add(line, action ? " " : ": ", text);
            }
            case NOTICE -> add(line, "-- ", Style.NOTICE);
            case WARNING -> add(line, "!! ", Style.WARNING);
            case ERROR -> add(line, "!! ", Style.ERROR);
        }
        int indent = Glyph.width(line);
        String body = action ? entry.text().substring(ACTION_PREFIX.length()) : entry.text();
        boolean mention = entry.kind() == HistoryEntry.Kind.THEIRS && Attention.mentions(body, peers.ownName());
        line.addAll(Glyph.of(Sanitizer.text(body), mention ? Style.MENTION : textStyle(entry)));
        entry.delivery().ifPresent(d -> add(line, "  [" + d.describe(id -> peers.label(id).text()) + "]", Style.QUIET));
        entry.expiresAt().ifPresent(at -> add(line, "  [" + remaining(Duration.between(now, at)) + " left]", Style.QUIET));
        return LineWrapper.wrap(line, width, indent);
    }

    private static Style textStyle(HistoryEntry entry) {
        return switch (entry.kind()) {
            case THEIRS, OURS -> entry.privateMessage() ? Style.PRIVATE : Style.TEXT;
            case NOTICE -> Style.NOTICE;
            case WARNING -> Style.WARNING;
            case ERROR -> Style.ERROR;
        };
    }

    private static void name(List<Glyph> line, PeerDirectory.Label label) {
        add(line, label.text(), label.style());
        if (label.verified()) add(line, " " + VERIFIED_MARK, Style.VERIFIED);
    }

    private static void add(List<Glyph> line, String text, Style style) {
        line.addAll(Glyph.of(Sanitizer.line(text), style));
    }

    /** {@code 42s}, {@code 4m05s}, {@code 3h07m}; never negative. */
    static String remaining(Duration left) {
        long seconds = Math.max(0, (left.toMillis() + 999) / 1000);
        if (seconds < 60) return seconds + "s";
        if (seconds < 3600) return String.format("%dm%02ds", seconds / 60, seconds % 60);
        return String.format("%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
