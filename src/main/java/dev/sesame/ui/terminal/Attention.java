package dev.sesame.ui.terminal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Noticing activity: whether a line mentions you (your display name as a whole word, any case),
 * whether it should ring the bell ({@code /bell on|off}; on by default, for mentions and private
 * messages), and what has arrived since you last looked (a key press is looking): the count for
 * the terminal title, and whether the next message needs a "new since you looked" marker (only
 * after {@link #AWAY_NANOS} without a key). Not thread-safe; confined to the UI thread.
 */
final class Attention {
    static final long AWAY_NANOS = 30_000_000_000L;

    private boolean bell = true;
    private int unread;
    private int unreadPrivate;
    private int unreadMentions;
    private long lastKeyNanos;
    private boolean markerPlaced;

    Attention(long nowNanos) {
        lastKeyNanos = nowNanos;
    }

    void bell(boolean on) {
        bell = on;
    }

    boolean bellOn() {
        return bell;
    }

    /** True when {@code text} names {@code ownName} as a word of its own. */
    static boolean mentions(String text, Optional<String> ownName) {
        if (ownName.isEmpty() || ownName.get().isBlank()) return false;
        Pattern word = Pattern.compile("(?<![\\p{L}\\p{N}_])" + Pattern.quote(ownName.get().toLowerCase(Locale.ROOT))
                + "(?![\\p{L}\\p{N}_])");
        return word.matcher(text.toLowerCase(Locale.ROOT)).find();
    }

    /** A key was pressed: everything so far has been seen. */
    void looked(long nowNanos) {
        lastKeyNanos = nowNanos;
        unread = 0;
        unreadPrivate = 0;
        unreadMentions = 0;
        markerPlaced = false;
    }

    /**
     * A message from a peer arrived. Returns true if a "new since you looked" marker goes
     * before it (the first message after being away).
     */
    boolean arrived(boolean privateMessage, boolean mention, long nowNanos) {
        unread++;
        if (privateMessage) unreadPrivate++;
        if (mention) unreadMentions++;
        boolean away = nowNanos - lastKeyNanos >= AWAY_NANOS;
        if (away && !markerPlaced) {
            markerPlaced = true;
            return true;
        }
        return false;
    }

    /** Whether this message rings the bell. */
    boolean rings(boolean privateMessage, boolean mention) {
        return bell && (privateMessage || mention);
    }

    /** The terminal title: {@code sesame} or {@code sesame (3 new, 1 private, 1 mention)}. */
    String title() {
        if (unread == 0) return "sesame";
        StringBuilder t = new StringBuilder("sesame (").append(unread).append(" new");
        if (unreadPrivate > 0) t.append(", ").append(unreadPrivate).append(" private");
        if (unreadMentions > 0) t.append(", ").append(unreadMentions).append(unreadMentions == 1 ? " mention" : " mentions");
        return t.append(')').toString();
    }
}
