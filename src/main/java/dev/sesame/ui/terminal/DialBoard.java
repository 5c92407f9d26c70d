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

    void update(ChatEvent.Dial dial) {
        targets.put(dial.target(), dial);
    }

    void reset() {
        targets.clear();
    }

    /** Targets not linked and not given up on: being dialled, or waiting to be redialled. */
    int pending() {
        return (int) targets.values().stream().filter(d -> !d.state().equals("linked") && !d.state().equals("stopped")).count();
    }

    /** The line to show for a state change, or null when it is not worth a line (connecting, retrying, linked). */
    static String line(ChatEvent.Dial dial) {
        return switch (dial.state()) {
            case "failed" -> "dialled " + dial.target() + ": " + dial.reason().map(DialBoard::failure).orElse("it failed") + ". "
                    + (dial.reason().map(Reasons::phraseMismatch).orElse(false)
                    ? "The phrase does not match theirs (or one of you is in decoy mode): check yours" : CHECK);
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
