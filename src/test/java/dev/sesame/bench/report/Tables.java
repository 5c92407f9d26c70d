package dev.sesame.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The report's Markdown table: each figure, the target, and its ratio to the floor of the same run. */
final class Tables {
    private Tables() {}

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String markdown(BenchReport.Results r) {
        StringBuilder s = new StringBuilder();
        s.append("| figure | measured | target | floor (same run) | ratio to floor |\n");
        s.append("|---|---:|---:|---:|---:|\n");
        double floorP50 = percentile(r.tlsOneHop, 50);
        row(s, "one hop p50, cover off (ms)", percentile(r.oneHopCoverOff, 50), "≤ 0.5", floorP50);
        row(s, "one hop p99, cover off (ms)", percentile(r.oneHopCoverOff, 99), "≤ 2", percentile(r.tlsOneHop, 99));
        row(s, "stdin → sent p50 (ms)", percentile(r.stdinToSent, 50), "≤ 0.2", Double.NaN);
        row(s, "one hop p50, cover on, 100 ms tick (ms)", percentile(r.oneHopCoverOn, 50), "≤ 51", floorP50);
        row(s, "CPU per lone message + receipt, per side (ms)", r.cpuPerLoneMessageMillis, "≤ 1", Double.NaN);
        for (BenchReport.Results.Burst b : r.bursts.values()) {
            double floor = r.tlsRate.getOrDefault(b.size(), Double.NaN);
            row(s, "burst of " + b.sent() + " × " + b.size() + " B, msgs/s (" + b.received() + " received, "
                    + b.undelivered() + " undelivered)", b.perSecond(), b.size() == 100 ? "≥ 20,000, 0 lost" : "", floor);
            row(s, "  CPU per message in that burst, sender / receiver (µs)", b.cpuMicrosSender(), b.size() == 100 ? "≤ 50" : "",
                    Double.NaN, String.format("%.0f / %.0f", b.cpuMicrosSender(), b.cpuMicrosReceiver()));
        }
        if (r.warmedBurst != null) {
            BenchReport.Results.Burst w = r.warmedBurst;
            row(s, "the 100 B burst again, warmed (after " + String.format("%,d", r.warmedWarmUp) + " more lines), msgs/s ("
                    + w.received() + " received, " + w.undelivered() + " undelivered)", w.perSecond(), "≥ 20,000, 0 lost",
                    r.tlsRate.getOrDefault(100, Double.NaN));
            row(s, "  CPU per message in that burst, sender / receiver (µs)", w.cpuMicrosSender(), "≤ 50", Double.NaN,
                    String.format("%.0f / %.0f", w.cpuMicrosSender(), w.cpuMicrosReceiver()));
        }
        row(s, "in-JVM link, 100 B msgs/s", r.linkRate, "≥ 50% of floor", r.tlsRate.getOrDefault(100, Double.NaN));
        row(s, "start → ready p50 (ms)", percentile(r.startToReady, 50), "≤ 500", Double.NaN);
        row(s, "link set-up in a fresh process p50 (ms)", percentile(r.linkSetUp, 50), "≤ 200", Double.NaN);
        for (var e : r.fullMesh.entrySet()) {
            row(s, "full mesh of " + e.getKey() + " after the last ready (ms)", e.getValue(), e.getKey() == 10 ? "≤ 3,000" : "", Double.NaN);
        }
        row(s, "RSS, idle, one peer (MiB)", r.rssIdleMib, "≤ 100", Double.NaN);
        row(s, "RSS, idle, 5 peers (MiB)", r.rssIdleFewPeersMib, "≤ 100", Double.NaN);
        double burstPeak = r.rssOverBurst.stream().mapToDouble(x -> Math.max(x[1], x[2])).max().orElse(Double.NaN);
        row(s, "RSS, peak in the 100 B burst (MiB)", burstPeak, "≤ 150", Double.NaN);
        row(s, "idle CPU, cover on, per link (% of a core)", r.idleCoverOnPercentPerLink, "≤ 1", Double.NaN);
        return s.toString();
    }

    private static void row(StringBuilder s, String name, double value, String target, double floor) {
        row(s, name, value, target, floor, format(value));
    }

    private static void row(StringBuilder s, String name, double value, String target, double floor, String shown) {
        String ratio = Double.isNaN(floor) ? "" : String.format("%.2f×", value / floor);
        s.append("| ").append(name).append(" | ").append(shown).append(" | ").append(target).append(" | ")
                .append(Double.isNaN(floor) ? "" : format(floor)).append(" | ").append(ratio).append(" |\n");
    }

    static String format(double v) {
        if (Double.isNaN(v)) return "–";
        if (Math.abs(v) >= 1000) return String.format("%,.0f", v);
        if (Math.abs(v) >= 10) return String.format("%.1f", v);
        return String.format("%.3f", v);
    }
}
