package dev.sesame.bench.report;

import dev.sesame.testing.TmuxSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The terminal interface's own cost (issue 13): a node with the full-screen interface in a tmux
 * terminal (100×30), linked to a headless node, cover off. Prints the interface process's CPU per
 * message shown (a burst from the headless node, until the last line is on the screen) and
 * Enter-to-own-line (Enter pressed through tmux until the line shows in the history, by polling
 * {@code tmux capture-pane} without pauses: each poll is a tmux process, so the figure includes
 * a few milliseconds of tmux itself and is an upper bound).
 *
 * <p>{@code scripts/measure report.UiFigures [messages] [enters]} (default 500 30); {@code
 * -Dbench.sesame=PATH} runs another build; {@code -Dbench.jfr=DIR} records the interface's node with JFR. Not a test: nothing asserts a time.
 */
public final class UiFigures {
    private UiFigures() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int enters = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        String phrase = "ui figures phrase";
        System.out.println("launcher " + BenchNode.launcher() + "; load average before: " + load());
        try (BenchNode peer = BenchNode.start(phrase, "--cover", "off");
             TmuxSession ui = TmuxSession.start("uifigures", 100, 30)) {
            peer.await("ready");
            ui.typeLine(BenchNode.interfaceCommand(phrase, peer, "ui-figures") + "; echo '[exited]'");
            peer.await("peer_up");
            ProcessHandle program = ui.program().orElseThrow();
            for (int i = 0; i < 200; i++) peer.send("warm-" + i); // the JIT sees the path first
            ui.waitFor(s -> s.contains("warm-199"), java.time.Duration.ofSeconds(120), "warm-199");

            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < messages; i++) burst.append("shown-").append(i).append('\n');
            long cpuBefore = cpuMillis(program);
            peer.write(burst.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String last = "shown-" + (messages - 1);
            ui.waitFor(s -> s.contains(last), java.time.Duration.ofSeconds(300), last);
            // the interface acknowledges what it showed: wait for the receipts, so their cost is in too
            long cpuAfter = cpuMillis(program);
            System.out.printf("CPU per message shown (interface process, %d messages): %.0f us%n", messages,
                    (cpuAfter - cpuBefore) * 1000.0 / messages);

            List<Double> enterToLine = new ArrayList<>();
            for (int i = 0; i < enters; i++) {
                String text = "own-" + i + "-line";
                ui.type(text);
                ui.waitFor(s -> s.lines().reduce((a, b) -> b).orElse("").contains(text), java.time.Duration.ofSeconds(30), "typed");
                long start = System.nanoTime();
                ui.keys("Enter");
                while (!inHistory(ui.screen(), text)) Thread.onSpinWait();
                enterToLine.add((System.nanoTime() - start) / 1e6);
                Thread.sleep(50);
            }
            Collections.sort(enterToLine);
            System.out.printf("Enter to own line (%d lines, through tmux): p50 %.1f ms, p90 %.1f ms%n", enters,
                    enterToLine.get(enterToLine.size() / 2), enterToLine.get(enterToLine.size() * 9 / 10));
            ui.waitFor(s -> !s.contains("[sent]"), java.time.Duration.ofSeconds(60), "every own line delivered"); // else Ctrl-C asks first
            ui.keys("C-c");
            ui.waitForText("[exited]", java.time.Duration.ofSeconds(60)); // a recording is written at exit
        }
        System.out.println("load average after: " + load());
    }

    /** The text is on a row above the input line (the last row). */
    private static boolean inHistory(String screen, String text) {
        List<String> rows = screen.lines().toList();
        for (int i = 0; i < rows.size() - 1; i++) if (rows.get(i).contains(text)) return true;
        return false;
    }

    private static long cpuMillis(ProcessHandle process) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    private static String load() throws java.io.IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
