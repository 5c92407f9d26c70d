package dev.sesame.ui.terminal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The two bars around the history. The title bar (top row) says who and where you are: mode,
 * own name and fingerprint, listen address, cover traffic and its cost per link. The status bar
 * (above the input line) says what is going on: mode, being alone, peers linked / known,
 * disappearing-message time, being scrolled back. The mode is {@code REAL}, or {@code DECOY} in
 * red. When a bar is too narrow the least important fields go first; the mode never goes.
 * Thread-safe (stateless).
 */
final class StatusBar {
    private record Field(String text, Style style, int priority) {}

    private StatusBar() {}

    /** The title bar: exactly {@code width} columns. */
    static List<Glyph> title(SessionStatus status, PeerDirectory peers, int width) {
        List<Field> fields = new ArrayList<>();
        fields.add(mode(status));
        if (status.tor) fields.add(new Field(" TOR ", Style.STATUS_REAL, 0));
        String fingerprint = status.fingerprint.isEmpty() ? "" : " [" + status.fingerprint + "]";
        fields.add(new Field(" " + peers.ownLabel().text() + fingerprint, Style.STATUS, 1));
        if (!status.listen.isEmpty()) fields.add(new Field(" listening on " + status.listen, Style.STATUS, 3));
        fields.add(new Field(" cover " + (status.shape.cover() ? "on" : "off") + ", "
                + bytes(status.shape.idleBytesPerHour()) + "/h per link", Style.STATUS, 4));
        return fit(fields, width);
    }

    /** The status bar: exactly {@code width} columns. */
    static List<Glyph> status(SessionStatus status, PeerDirectory peers, HistoryBuffer history, int width) {
        List<Field> fields = new ArrayList<>();
        fields.add(mode(status));
        if (status.tor) fields.add(new Field(" TOR ", Style.STATUS_REAL, 0));
        int linked = peers.linked();
        if (!status.ready) status.busy.ifPresent(b -> fields.add(new Field(" " + b + " ", Style.STATUS_ALERT, 0)));
        if (status.leaving) fields.add(new Field(" leaving: saying goodbye ", Style.STATUS_ALERT, 0));
        if (!status.ready && status.busy.isPresent()) return fit(fields, width);
        if (status.ready && linked == 0 && !status.leaving) {
            fields.add(new Field(" ALONE, still listening ", Style.STATUS_ALERT, 1));
        }
        int relayed = peers.notDirect();
        fields.add(new Field(" peers " + linked + " linked" + (relayed > 0 ? " (" + relayed + " via relay)" : "") + status.known.map(k -> " / " + Math.max(k, linked) + " known")
                .orElse("") + (status.dials.pending() > 0 ? ", dialling " + status.dials.pending() : ""), Style.STATUS, 2));
        if (status.queuedLines > 0) fields.add(new Field(" " + status.queuedLines + " pasted lines queued ", Style.STATUS_ALERT, 1));
        status.query.ifPresent(q -> fields.add(new Field(" private to " + peers.label(q).text() + " (/query ends) ",
                Style.STATUS_ALERT, 1)));
        status.ttlSeconds.ifPresent(t -> fields.add(new Field(" messages vanish after "
                + EntryLayout.remaining(java.time.Duration.ofSeconds(t)), Style.STATUS, 3)));
        if (!history.isLive()) {
            String more = history.unseen() > 0 ? " (" + history.unseen() + " new)" : "";
            String top = history.atTop() ? " to the oldest line" : "";
            fields.add(new Field(" SCROLLED BACK" + top + more + ": End for live ", Style.STATUS_ALERT, 1));
        }
        return fit(fields, width);
    }

    private static Field mode(SessionStatus status) {
        return status.decoy ? new Field(" DECOY ", Style.STATUS_DECOY, 0) : new Field(" REAL ", Style.STATUS_REAL, 0);
    }

    private static List<Glyph> fit(List<Field> fields, int width) {
        List<Field> kept = new ArrayList<>(fields);
        while (total(kept) > width && kept.size() > 1) {
            kept.remove(kept.stream().max(Comparator.comparingInt(Field::priority)).orElseThrow());
        }
        List<Glyph> row = new ArrayList<>();
        int used = 0;
        fill:
        for (int i = 0; i < kept.size(); i++) {
            Field f = kept.get(i);
            String text = i > 0 && f.style() == Style.STATUS && kept.get(i - 1).style() == Style.STATUS ? " |" + f.text() : f.text();
            for (Glyph g : Glyph.of(Sanitizer.line(text), f.style())) {
                if (used + g.width() > width) break fill;
                row.add(g);
                used += g.width();
            }
        }
        for (; used < width; used++) row.add(new Glyph(" ", 1, Style.STATUS));
        return row;
    }

    private static int total(List<Field> fields) {
        int sum = 0;
        for (Field f : fields) sum += TextWidth.of(f.text()) + 2;
        return sum;
    }

    /** Decimal units, as network costs are usually quoted: {@code 18.4 MB}. */
    static String bytes(long count) {
        if (count < 1000) return count + " B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = count;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.2f %s" : value < 100 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }
}
