package dev.sesame.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Sesame process in headless mode, started through the {@code ./sesame} launcher (with
 * {@code SESAME_NO_BUILD=1}: the jar of the current build), for multi-process tests. Every
 * stdout line is parsed as JSON and kept; tests wait for events instead of sleeping.
 */
public final class SesameProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    /** How long {@link #ready()} waits. */
    public static final Duration STARTUP_WAIT = Duration.ofSeconds(120);

    private final Process process;
    private final OutputStream stdin;
    private final List<JsonNode> events = new ArrayList<>();
    private final List<String> nonJsonLines = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final String label;

    private SesameProcess(Process process, String label) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.label = label;
        Thread.ofPlatform().daemon().name(label + "-out").start(this::readStdout);
        Thread.ofPlatform().daemon().name(label + "-err").start(this::readStderr);
    }

    /** The project folder (where {@code ./sesame} lives). */
    public static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.exists(here.resolve("sesame"))) here = here.getParent();
        if (here == null) throw new IllegalStateException("cannot find the project root");
        return here;
    }

    /** Starts {@code ./sesame --headless --port 0} plus {@code args}, with the phrase in a file. */
    public static SesameProcess start(String label, String phrase, String... args) {
        return startRaw(label, headlessCommand(phrase, args));
    }

    /**
     * Like {@link #start}, with stdout going to {@code stdout} instead of to this object (a FIFO
     * the test reads and closes, for instance); {@link #events} then stays empty.
     */
    public static SesameProcess startWithStdout(String label, java.io.File stdout, String phrase, String... args) {
        try {
            ProcessBuilder builder = new ProcessBuilder(headlessCommand(phrase, args)).redirectOutput(stdout);
            builder.environment().put("SESAME_NO_BUILD", "1");
            builder.environment().put("XDG_CONFIG_HOME", Files.createTempDirectory("sesame-config").toString());
            return new SesameProcess(builder.start(), label);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line {@link #start} runs: {@code ./sesame --headless --phrase-file F --port 0 ARGS}. */
    public static List<String> headlessCommand(String phrase, String... args) {
        try {
            Path phraseFile = Files.createTempFile("sesame-phrase", ".txt");
            Files.writeString(phraseFile, phrase);
            phraseFile.toFile().deleteOnExit();
            List<String> command = new ArrayList<>(List.of(projectRoot().resolve("sesame").toString(), "--headless",
                    "--phrase-file", phraseFile.toString()));
            if (Arrays.stream(args).noneMatch("--port"::equals)) command.addAll(List.of("--port", "0"));
            command.addAll(Arrays.asList(args));
            return command;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts any command line as a headless process (for wrappers such as strace). */
    public static SesameProcess startRaw(String label, List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("SESAME_NO_BUILD", "1");
            builder.environment().put("XDG_CONFIG_HOME", Files.createTempDirectory("sesame-config").toString());
            return new SesameProcess(builder.start(), label);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    synchronized (this) {
                        nonJsonLines.add(line);
                        notifyAll();
                    }
                    continue;
                }
                synchronized (this) {
                    events.add(node);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        synchronized (this) {
            notifyAll();
        }
    }

    private void readStderr() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (stderr) {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Number of events so far: pass to {@link #awaitSince} to wait only for later ones. */
    public synchronized int mark() {
        return events.size();
    }

    /** Waits for the first event (from the start) matching {@code test}. */
    public JsonNode await(Predicate<JsonNode> test) {
        return awaitSince(0, test, DEFAULT_WAIT);
    }

    public JsonNode await(String event) {
        return await(e -> event.equals(e.path("event").asText()));
    }

    public JsonNode await(String event, Predicate<JsonNode> test) {
        return await(e -> event.equals(e.path("event").asText()) && test.test(e));
    }

    /** Waits for an event at index {@code from} or later that matches. */
    public synchronized JsonNode awaitSince(int from, Predicate<JsonNode> test, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int index = from;
        while (true) {
            for (; index < events.size(); index++) {
                if (test.test(events.get(index))) return events.get(index);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(label + ": no matching event within " + timeout + "; events:\n" + describe()
                        + "\nstderr:\n" + stderr());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Waits until {@code count} events match. */
    public synchronized List<JsonNode> awaitCount(Predicate<JsonNode> test, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonNode> matching = events.stream().filter(test).toList();
            if (matching.size() >= count) return matching;
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(label + ": " + matching.size() + " of " + count + " events within " + timeout
                        + "; events:\n" + describe() + "\nstderr:\n" + stderr());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    public synchronized List<JsonNode> events() {
        return List.copyOf(events);
    }

    public synchronized List<JsonNode> events(String event) {
        return events.stream().filter(e -> event.equals(e.path("event").asText())).toList();
    }

    public synchronized List<String> nonJsonLines() {
        return List.copyOf(nonJsonLines);
    }

    /**
     * Waits for {@code ready}: Argon2id (64 MiB, t = 3) runs before it, which takes tens of
     * seconds when several nodes start at once on a busy 2-core machine, hence the long wait.
     */
    public JsonNode ready() {
        return awaitSince(0, e -> "ready".equals(e.path("event").asText()), STARTUP_WAIT);
    }

    public int port() {
        String listen = ready().path("listen").asText();
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    public String peerId() {
        return ready().path("peer_id").asText();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Sends one line to stdin. */
    public void send(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(label + ": stdin closed", e);
        }
    }

    public void closeStdin() {
        try {
            stdin.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** SIGKILL, as {@code kill -9}: no goodbye, no clean-up. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the process to exit and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(label + " did not exit within " + timeout + "; events:\n" + describe());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    private synchronized String describe() {
        StringBuilder out = new StringBuilder();
        for (JsonNode e : events) out.append("  ").append(e).append('\n');
        return out.toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
