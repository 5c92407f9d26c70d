package dev.sesame.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A terminal a test can type into and read, as a person would: a detached tmux session on a
 * tmux server of its own ({@code tmux -L NAME}, so tests never share or touch a real tmux),
 * running an interactive shell with prompt {@code $ }. {@link #startSesame} types a
 * {@code ./sesame} command line into it (with {@code SESAME_NO_BUILD=1}, the phrase in a file,
 * and {@code XDG_CONFIG_HOME} in a temporary folder). Tests synchronise by polling the screen
 * with {@link #waitFor}: the screen is what is observable. {@link #close} kills the server.
 */
public final class TmuxSession implements AutoCloseable {
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final String TARGET = "main";

    private final String socket;
    private final String label;
    private final Path home;

    private TmuxSession(String socket, String label, Path home) {
        this.socket = socket;
        this.label = label;
        this.home = home;
    }

    /** A {@code columns} x {@code rows} terminal with a shell waiting at its prompt. */
    public static TmuxSession start(String label, int columns, int rows) {
        try {
            Path home = Files.createTempDirectory("sesame-tmux-" + label);
            String socket = "sesame-it-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
            TmuxSession session = new TmuxSession(socket, label, home);
            Files.createDirectories(session.configHome());
            Path rc = home.resolve("bashrc");
            Files.writeString(rc, "PS1='$ '\n"); // bash ignores PS1 from the environment
            session.tmux("new-session", "-d", "-s", TARGET, "-x", Integer.toString(columns), "-y", Integer.toString(rows),
                    "-e", "SESAME_NO_BUILD=1", "-e", "XDG_CONFIG_HOME=" + session.configHome(),
                    "-c", SesameProcess.projectRoot().toString(), "bash --noprofile --init-file " + quote(rc.toString()));
            session.waitFor(screen -> screen.startsWith("$"), DEFAULT_WAIT, "the shell prompt");
            return session;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where Sesame keeps its config (the saved display name) in this terminal. */
    public Path configHome() {
        return home.resolve("config");
    }

    /**
     * Types {@code ./sesame --phrase-file F --port 0 ARGS; echo "[exited $?]"} and presses Enter.
     * The exit line shows the exit code once the program is gone.
     */
    public void startSesame(String phrase, String... args) {
        try {
            Path phraseFile = home.resolve("phrase");
            Files.writeString(phraseFile, phrase);
            List<String> words = new ArrayList<>(List.of("./sesame", "--phrase-file", phraseFile.toString()));
            if (!Arrays.asList(args).contains("--port")) words.addAll(List.of("--port", "0"));
            words.addAll(Arrays.asList(args));
            StringBuilder line = new StringBuilder();
            for (String w : words) line.append(quote(w)).append(' ');
            line.append("; echo \"[exited $?]\"");
            typeLine(line.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port Sesame reports on its title bar. */
    public int sesamePort() {
        Matcher m = waitFor(Pattern.compile("listening on [0-9.:\\[\\]a-f]*:(\\d+)"), DEFAULT_WAIT);
        return Integer.parseInt(m.group(1));
    }

    /** Types text literally (no key names). */
    public void type(String text) {
        tmux("send-keys", "-t", TARGET, "-l", text);
    }

    public void typeLine(String text) {
        type(text);
        keys("Enter");
    }

    /**
     * Pastes {@code text} as a terminal would: with {@code -p}, tmux wraps it in bracketed-paste
     * markers when the program asked for them; line breaks arrive as CR, as from a real terminal.
     */
    public void paste(String text) {
        tmux("set-buffer", "-b", "test-paste", "--", text);
        tmux("paste-buffer", "-p", "-d", "-b", "test-paste", "-t", TARGET);
    }

    /** Presses keys by tmux name: {@code Enter}, {@code Escape}, {@code F12}, {@code PPage}, {@code C-c}. */
    public void keys(String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", TARGET));
        args.addAll(Arrays.asList(keys));
        tmux(args.toArray(String[]::new));
    }

    /** The visible screen as text, one line per row (trailing spaces dropped by tmux). */
    public String screen() {
        return tmux("capture-pane", "-p", "-t", TARGET);
    }

    /** The visible screen with colours and attributes as escape sequences ({@code capture-pane -e}). */
    public String screenWithEscapes() {
        return tmux("capture-pane", "-p", "-e", "-t", TARGET);
    }

    /** The scrollback and the visible screen. */
    public String everything() {
        return tmux("capture-pane", "-p", "-S", "-", "-E", "-", "-t", TARGET);
    }

    /** A tmux format about the pane, such as {@code #{alternate_on}} or {@code #{pane_title}}. */
    public String paneInfo(String format) {
        return tmux("display-message", "-p", "-t", TARGET, format).strip();
    }

    public void resize(int columns, int rows) {
        tmux("resize-window", "-t", TARGET, "-x", Integer.toString(columns), "-y", Integer.toString(rows));
    }

    /** The program running in the shell (Sesame's JVM: the launcher execs it), if any. */
    public Optional<ProcessHandle> program() {
        long shell = Long.parseLong(paneInfo("#{pane_pid}"));
        return ProcessHandle.of(shell).flatMap(p -> p.children().findFirst());
    }

    public String waitForText(String text) {
        return waitFor(screen -> screen.contains(text), DEFAULT_WAIT, "\"" + text + "\"");
    }

    public String waitForText(String text, Duration timeout) {
        return waitFor(screen -> screen.contains(text), timeout, "\"" + text + "\"");
    }

    public String waitUntilGone(String text, Duration timeout) {
        return waitFor(screen -> !screen.contains(text), timeout, "\"" + text + "\" to disappear");
    }

    public Matcher waitFor(Pattern pattern, Duration timeout) {
        String screen = waitFor(s -> pattern.matcher(s).find(), timeout, "/" + pattern + "/");
        Matcher m = pattern.matcher(screen);
        if (!m.find()) throw new AssertionError("pattern vanished: " + pattern);
        return m;
    }

    /** Polls the screen until {@code test} accepts it; returns that screen. */
    public String waitFor(Predicate<String> test, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String screen;
        while (true) {
            screen = screen();
            if (test.test(screen)) return screen;
            if (System.nanoTime() > deadline) {
                throw new AssertionError(label + ": waited " + timeout + " for " + what + "; the screen:\n" + screen);
            }
            sleep(POLL);
        }
    }

    @Override
    public void close() {
        try {
            tmux("kill-server");
        } catch (AssertionError e) {
            // The server had already gone.
        }
    }

    @Override
    public String toString() {
        return label;
    }

    private String tmux(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("TMUX");
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tmux hung: " + command);
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) throw new AssertionError("tmux failed: " + command + ": " + text);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
