package dev.sesame.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real {@code sesame relay} process on 127.0.0.1, started through the launcher (or any command
 * line, for a test that must run the JVM without a hardening flag). Keeps every console line;
 * tests wait for lines instead of sleeping.
 */
public final class RelayProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();

    private RelayProcess(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("relay-out").start(this::readStdout);
        Thread.ofPlatform().daemon().name("relay-err").start(this::readStderr);
    }

    /** {@code ./sesame relay --bind 127.0.0.1 --port PORT} (0: any free port). */
    public static RelayProcess start(int port) {
        return startRaw(List.of(SesameProcess.projectRoot().resolve("sesame").toString(), "relay", "--bind", "127.0.0.1",
                "--port", Integer.toString(port)));
    }

    public static RelayProcess startRaw(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("SESAME_NO_BUILD", "1");
            return new RelayProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
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

    /** Waits for a console line matching {@code test}. */
    public synchronized String await(Predicate<String> test, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int index = 0;
        while (true) {
            for (; index < lines.size(); index++) {
                if (test.test(lines.get(index))) return lines.get(index);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !process.isAlive() && index >= lines.size()) {
                throw new AssertionError("relay: no matching line; lines:\n" + String.join("\n", lines) + "\nstderr:\n" + stderr());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    public int port() {
        String line = await(l -> l.startsWith("sesame relay: listening on port "), Duration.ofSeconds(30));
        return Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
    }

    public String fingerprint() {
        String line = await(l -> l.startsWith("sesame relay: fingerprint "), Duration.ofSeconds(30));
        return line.substring(line.lastIndexOf(' ') + 1);
    }

    /** The value for {@code --relay}, pinned. */
    public String pinned() {
        return "127.0.0.1:" + port() + "#" + fingerprint();
    }

    /** The value for {@code --relay}, not pinned (survives a restart, which changes the certificate). */
    public String unpinned() {
        return "127.0.0.1:" + port();
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public long pid() {
        return process.pid();
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** SIGKILL: the relay's rooms and pipes vanish at once. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) kill();
    }
}
