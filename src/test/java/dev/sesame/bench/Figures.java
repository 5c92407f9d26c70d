package dev.sesame.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small statistics helpers for the measurement harnesses. */
final class Figures {
    private Figures() {}

    static double percentile(List<Long> values, double p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) return Double.NaN;
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String row(String name, List<Long> millis) {
        return String.format("| %-44s | %4d | %8.0f | %8.0f | %8.0f | %8d |", name, millis.size(), percentile(millis, 50),
                percentile(millis, 99), percentile(millis, 100), millis.stream().mapToLong(Long::longValue).min().orElse(0));
    }

    static String header() {
        return "| measurement (ms)                             |    n |      p50 |      p99 |      max |      min |\n"
                + "|----------------------------------------------|------|----------|----------|----------|----------|";
    }
}
