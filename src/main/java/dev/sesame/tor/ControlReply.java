package dev.sesame.tor;

import java.util.List;
import java.util.Optional;

/**
 * One reply from tor's control port (control-spec §2.3): every line shares one status code; a
 * line may carry a data block (the {@code +} form). Status 6xx is an asynchronous event.
 */
record ControlReply(int status, List<Line> lines) {
    static final int OK = 250;

    /** One reply line's text after the separator, and its data block if it had one (dot-unescaped). */
    record Line(String text, Optional<String> data) {}

    ControlReply {
        if (status < 100 || status > 699) throw new IllegalArgumentException("status " + status);
        if (lines.isEmpty()) throw new IllegalArgumentException("a reply has at least one line");
        lines = List.copyOf(lines);
    }

    boolean ok() {
        return status == OK;
    }

    boolean async() {
        return status >= 600;
    }

    /** The first line's text: for an error, tor's message; for an event, the event line. */
    String firstText() {
        return lines.getFirst().text();
    }

    /** The value of the first {@code KEY=value} line with this key, as in GETINFO and ADD_ONION replies. */
    Optional<String> value(String key) {
        String prefix = key + "=";
        for (Line line : lines) {
            if (line.text().startsWith(prefix)) {
                return Optional.of(line.data().orElse(line.text().substring(prefix.length())));
            }
        }
        return Optional.empty();
    }
}
