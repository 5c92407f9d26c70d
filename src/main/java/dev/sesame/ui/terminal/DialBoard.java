package dev.sesame.ui.terminal;

import dev.sesame.chat.ChatEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every dial target and its latest state, as the {@code dial} events tell it: for the status
 * bar's count ({@code dialling 2}) and the lines that say what a dial did. An outgoing failure
 * says that we dialled, what failed and what to check; it never reads like a refused incoming
 * connection. Not thread-safe; confined to the UI thread.
 */
final class DialBoard {
    static final String CHECK = "check the address and port, and docs/USAGE.md \"Is the port reachable?\"";

    private final Map<String, ChatEvent.Dial> targets = new LinkedHashMap<>();
    /** Failures per target and reason: how many, since when (epoch millis). */
    private final Map<String, long[]> failures = new LinkedHashMap<>();

    void update(ChatEvent.Dial dial) {
        if (targets.size() >= dev.sesame.limits.Limits.MAX_NOTICE_GROUPS && !targets.containsKey(dial.target())) return;
        targets.put(dial.target(), dial);
    }

    /** Counts one more failure of {@code dial}; returns {count, first millis}. */
    long[] failed(ChatEvent.Dial dial, long nowMillis) {
        String key = dial.target() + " " + dial.reason().orElse("");
        if (failures.size() >= dev.sesame.limits.Limits.MAX_NOTICE_GROUPS && !failures.containsKey(key)) key = "(other)";
        long[] c = failures.computeIfAbsent(key, k -> new long[] {0, nowMillis});
        c[0]++;
        return c;
    }

    void reset() {
        targets.clear();
        failures.clear();
    }

    /** Targets not linked and not given up on: being dialled, or waiting to be redialled. */
    int pending() {
        return (int) targets.values().stream().filter(d -> d.state().equals("connecting") || d.state().equals("failed")
                || d.state().equals("retrying")).count();
    }

    /**
     * The line to show for a state change, or null when it is not worth a line (connecting,
     * retrying, linked; and a phrase mismatch, which has its own line).
     */
    static String line(ChatEvent.Dial dial) {
        return switch (dial.state()) {
            case "failed" -> dial.reason().map(Reasons::authentication).orElse(false)
                    ? null
                    : "dialled " + dial.target() + ": " + dial.reason().map(DialBoard::failure).orElse("it failed") + "; " + CHECK;
            case "stopped" -> "no longer dialling " + dial.target() + dial.reason().map(r -> " (" + r + ")").orElse("");
            default -> null;
        };
    }

    private static String failure(String reason) {
        return Reasons.words(reason);
    }

    /** {@code retrying in 4 s}, {@code connecting}, {@code linked}: for /peers. */
    static String describe(ChatEvent.DialView d) {
        String state = switch (d.state()) {
            case "retrying" -> "retrying in " + Reasons.span(java.time.Duration.ofMillis(d.retryInMillis()));
            default -> d.state();
        };
        return d.reason().map(r -> state + " (last: " + Reasons.words(r) + ")").orElse(state);
    }

    List<ChatEvent.Dial> all() {
        return List.copyOf(targets.values());
    }
}
