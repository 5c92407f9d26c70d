package dev.sesame.ui.terminal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Tab completion of the word before the cursor: a command at the start of the line, else a
 * peer's name (its label, as the screen shows it). One match completes it; several complete
 * their common prefix and are listed. Thread-safe (stateless).
 */
final class Completion {
    /** What to put in place of the word, and the candidates when there were several. */
    record Result(String replacement, List<String> candidates) {}

    private Completion() {}

    static Optional<Result> complete(String word, boolean firstWord, List<String> commands, List<String> names) {
        boolean command = firstWord && word.startsWith("/");
        List<String> pool = command ? commands : names;
        String lower = word.toLowerCase(Locale.ROOT);
        List<String> matches = pool.stream().filter(c -> c.toLowerCase(Locale.ROOT).startsWith(lower)).distinct().sorted().toList();
        if (matches.isEmpty()) return Optional.empty();
        if (matches.size() == 1) {
            String done = matches.getFirst();
            String suffix = command ? " " : firstWord ? ": " : " ";
            return Optional.of(new Result(done.contains(" ") && !command ? quoteIfNeeded(done) + suffix : done + suffix, List.of()));
        }
        String prefix = matches.getFirst();
        for (String m : matches) {
            int i = 0;
            while (i < prefix.length() && i < m.length()
                    && Character.toLowerCase(prefix.charAt(i)) == Character.toLowerCase(m.charAt(i))) i++;
            prefix = prefix.substring(0, i);
        }
        return Optional.of(new Result(prefix.length() >= word.length() ? prefix : word, matches));
    }

    private static String quoteIfNeeded(String name) {
        return "\"" + name + "\"";
    }
}
