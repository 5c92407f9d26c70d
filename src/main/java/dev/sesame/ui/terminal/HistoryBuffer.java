package dev.sesame.ui.terminal;

import dev.sesame.limits.Limits;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.HashMap;
import java.util.Map;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The scrollback: the last {@value #MAX_ENTRIES} history entries and how far the person has
 * scrolled back from the newest, in screen rows. While scrolled back, new entries do not move
 * the view (the offset grows by their rows) and are counted as unseen. Not thread-safe;
 * confined to the UI thread.
 */
final class HistoryBuffer {
    static final int MAX_ENTRIES = 2000;

    private final List<HistoryEntry> entries = new ArrayList<>();
    /** Noise entries (by identity: two records can be equal) and the group each one shows. */
    private final Map<HistoryEntry, String> noise = new IdentityHashMap<>();
    private final Map<String, HistoryEntry> groups = new HashMap<>();
    private final Map<String, HistoryEntry> grouped = new HashMap<>();
    private int offset;
    private int unseen;
    private boolean atTop;

    /** Appends {@code entry}, which takes {@code rows} rows at the current width. */
    void add(HistoryEntry entry, int rows) {
        entries.add(entry);
        while (entries.size() - noise.size() > MAX_ENTRIES) removeOldest(false);
        counted(rows);
    }

    /**
     * Appends a noise line for {@code group}, replacing the group's earlier line, within the
     * noise budget (the oldest noise line goes first). Chat lines are never removed for it.
     */
    void addNoise(String group, HistoryEntry entry, int rows) {
        HistoryEntry old = groups.put(group, entry);
        if (old != null) removeIdentical(old);
        noise.put(entry, group);
        entries.add(entry);
        while (noise.size() > Limits.MAX_NOISE_ENTRIES) removeOldest(true);
        counted(rows);
    }

    /** Appends a line for {@code group} (a chat-budget line, such as "63 messages not delivered"), replacing the group's earlier line. */
    void addGrouped(String group, HistoryEntry entry, int rows) {
        HistoryEntry old = grouped.put(group, entry);
        if (old != null) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (entries.get(i) == old) {
                    entries.remove(i);
                    break;
                }
            }
        }
        add(entry, rows);
    }

    private HistoryEntry marker;

    /** The "new since you looked" line: there is at most one. */
    void addMarker(HistoryEntry entry, int rows) {
        removeMarker();
        marker = entry;
        add(entry, rows);
    }

    void removeMarker() {
        if (marker == null) return;
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i) == marker) {
                entries.remove(i);
                break;
            }
        }
        marker = null;
    }

    /** How many entries pass {@code test} (the quit check counts messages still waiting). */
    int count(java.util.function.Predicate<HistoryEntry> test) {
        int n = 0;
        for (HistoryEntry e : entries) if (test.test(e)) n++;
        return n;
    }

    /** Ends a group: its next line starts a new one. */
    void endGroup(String group) {
        grouped.remove(group);
    }

    /** How many noise lines are kept now. */
    int noiseSize() {
        return noise.size();
    }

    private void removeOldest(boolean noisy) {
        for (int i = 0; i < entries.size(); i++) {
            if (noise.containsKey(entries.get(i)) == noisy) {
                forgetNoise(entries.remove(i));
                return;
            }
        }
    }

    private void removeIdentical(HistoryEntry entry) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) == entry) {
                forgetNoise(entries.remove(i));
                return;
            }
        }
    }

    private void forgetNoise(HistoryEntry entry) {
        String group = noise.remove(entry);
        if (group != null && groups.get(group) == entry) groups.remove(group);
    }

    private void counted(int rows) {
        if (offset > 0) {
            offset += rows;
            unseen++;
        }
    }

    Optional<HistoryEntry> find(String id) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).hasId(id)) return Optional.of(entries.get(i));
        }
        return Optional.empty();
    }

    /** Removes every entry with this message id; true if there was one. */
    boolean remove(String id) {
        return entries.removeIf(e -> e.hasId(id));
    }

    /** Removes disappearing messages whose time is up; true if any went. */
    boolean removeExpired(Instant now) {
        return entries.removeIf(e -> e.expired(now));
    }

    void clear() {
        entries.clear();
        noise.clear();
        groups.clear();
        grouped.clear();
        marker = null;
        live();
    }

    int size() {
        return entries.size();
    }

    void scrollBack(int rows) {
        offset += Math.max(0, rows);
    }

    void scrollForward(int rows) {
        offset = Math.max(0, offset - Math.max(0, rows));
        if (offset == 0) unseen = 0;
    }

    void live() {
        offset = 0;
        unseen = 0;
    }

    boolean isLive() {
        return offset == 0;
    }

    /** Entries added since the person scrolled back. */
    int unseen() {
        return unseen;
    }

    /** True when the last {@link #visible} call showed the oldest row. */
    boolean atTop() {
        return atTop;
    }

    /**
     * The rows to show in a pane {@code height} rows high, oldest first; fewer than
     * {@code height} when the history is short. {@code layout} turns an entry into its rows.
     * An offset past the oldest row is pulled back.
     */
    List<List<Glyph>> visible(int height, Function<HistoryEntry, List<List<Glyph>>> layout) {
        Deque<List<Glyph>> rows = new ArrayDeque<>();
        int wanted = offset + height;
        int i = entries.size() - 1;
        for (; i >= 0 && rows.size() < wanted; i--) {
            List<List<Glyph>> entryRows = layout.apply(entries.get(i));
            for (int r = entryRows.size() - 1; r >= 0; r--) rows.addFirst(entryRows.get(r));
        }
        boolean everything = i < 0;
        if (everything && rows.size() < wanted) offset = Math.max(0, rows.size() - height);
        if (offset == 0) unseen = 0;
        List<List<Glyph>> all = new ArrayList<>(rows);
        int end = all.size() - offset;
        int start = Math.max(0, end - height);
        atTop = everything && start == 0;
        return List.copyOf(all.subList(start, end));
    }
}
