package dev.sesame.ui.terminal;

import dev.sesame.limits.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bracketed paste: collects what arrives between the markers (at most
 * {@link Limits#MAX_PASTE_CHARS}; the rest is counted and dropped), then, if it has more than one
 * line, waits for the person's choice, like weechat: Enter sends the lines as separate messages,
 * Ctrl-J joins them into one, Esc cancels. Pasted text never runs as a command: every line is
 * sent as a message, whatever it starts with. Not thread-safe; confined to the UI thread.
 */
final class PastePrompt {
    private final StringBuilder collecting = new StringBuilder();
    private boolean inPaste;
    private int dropped;
    private Optional<List<String>> pending = Optional.empty();

    void start() {
        inPaste = true;
        collecting.setLength(0);
        dropped = 0;
    }

    boolean collecting() {
        return inPaste;
    }

    /** One key inside a paste: Enter and Ctrl-J are line breaks, characters are text, anything else is dropped. */
    void add(char c) {
        if (collecting.length() >= Limits.MAX_PASTE_CHARS) {
            dropped++;
            return;
        }
        collecting.append(c);
    }

    /**
     * The paste ended. A single line (a trailing line break ignored) comes back for the input
     * line; several lines are held for {@link #question}.
     */
    Optional<String> end() {
        inPaste = false;
        String text = collecting.toString().replace("\r\n", "\n").replace('\r', '\n');
        collecting.setLength(0);
        while (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
        if (!text.contains("\n") && dropped == 0) return Optional.of(text);
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!line.isBlank()) lines.add(line);
        }
        if (lines.size() <= 1 && dropped == 0) return Optional.of(lines.isEmpty() ? "" : lines.getFirst());
        pending = Optional.of(List.copyOf(lines));
        return Optional.empty();
    }

    boolean asking() {
        return pending.isPresent();
    }

    /** The question shown in place of the input line. */
    String question() {
        int n = pending.map(List::size).orElse(0);
        String cut = dropped > 0 ? " (" + dropped + " characters beyond " + Limits.MAX_PASTE_CHARS + " dropped)" : "";
        if (n == 1) return "Paste 1 line" + cut + "? (Enter sends it, Esc cancels)";
        return "Paste " + n + " lines" + cut + "? (Enter sends them as " + n + " messages, Ctrl-J joins them into one, Esc cancels)";
    }

    /** Enter: the lines, each a message. */
    List<String> asMessages() {
        List<String> lines = pending.orElse(List.of());
        pending = Optional.empty();
        return lines;
    }

    /** Ctrl-J: one message with line breaks. */
    String joined() {
        String text = String.join("\n", pending.orElse(List.of()));
        pending = Optional.empty();
        return text;
    }

    void cancel() {
        pending = Optional.empty();
    }
}
