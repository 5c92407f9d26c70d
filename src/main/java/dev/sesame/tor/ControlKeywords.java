package dev.sesame.tor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Splits a control-port line into positional words and {@code KEY=VALUE} arguments, where a
 * value may be a QuotedString with backslash escapes (control-spec §2.1.1). Pure; bounded by the
 * line, which {@link ControlReplyReader} has already bounded.
 */
record ControlKeywords(List<String> words, Map<String, String> values) {
    ControlKeywords {
        words = List.copyOf(words);
        values = Map.copyOf(values);
    }

    Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The word at {@code index} among the positional words, if there. */
    Optional<String> word(int index) {
        return index < words.size() ? Optional.of(words.get(index)) : Optional.empty();
    }

    /** @throws IllegalArgumentException on an unterminated quote or a bad escape */
    static ControlKeywords parse(String line) {
        List<String> words = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            if (line.charAt(i) == ' ') {
                i++;
                continue;
            }
            int start = i;
            while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '=' && line.charAt(i) != '"') i++;
            if (i < n && line.charAt(i) == '=') {
                String key = line.substring(start, i);
                i++;
                StringBuilder value = new StringBuilder();
                if (i < n && line.charAt(i) == '"') {
                    i = readQuoted(line, i + 1, value);
                } else {
                    while (i < n && line.charAt(i) != ' ') value.append(line.charAt(i++));
                }
                values.putIfAbsent(key, value.toString());
            } else if (i < n && line.charAt(i) == '"') {
                StringBuilder value = new StringBuilder();
                i = readQuoted(line, i + 1, value);
                words.add(value.toString());
            } else {
                words.add(line.substring(start, i));
            }
        }
        return new ControlKeywords(words, values);
    }

    private static int readQuoted(String line, int i, StringBuilder value) {
        while (i < line.length()) {
            char c = line.charAt(i++);
            if (c == '"') return i;
            if (c == '\\') {
                if (i >= line.length()) throw new IllegalArgumentException("escape at end of line");
                char escaped = line.charAt(i++);
                value.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '\\', '"', '\'' -> escaped;
                    default -> throw new IllegalArgumentException("unknown escape \\" + escaped);
                });
            } else {
                value.append(c);
            }
        }
        throw new IllegalArgumentException("unterminated quoted string");
    }
}
