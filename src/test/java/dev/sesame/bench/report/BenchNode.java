package dev.sesame.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesame.testing.SesameProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One real headless node started through {@code ./sesame} (JVM flags and start-up cache as a
 * user gets them), with the arrival time ({@link System#nanoTime}) of every stdout line taken
 * by a reader thread that does nothing else, so that waiting for an event does not add to it.
 * Also reads the process's CPU time and RSS from /proc (Linux).
 */
final class BenchNode implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stdout event and when this JVM read it. */
    record Event(long nanos, JsonNode json) {
        String type() {
            return json.path("event").asText();
        }
    }

    final long startedNanos;
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();
    /** Events in {@link #seen} by type, kept as they are drained: a burst's loop asks after every event. */
    private final java.util.Map<String, Long> counts = new java.util.HashMap<>();

    private BenchNode(Process process, long startedNanos) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.stdin = process.getOutputStream();
        Thread.ofPlatform().daemon().name("bench-out-" + process.pid()).start(this::read);
        Thread.ofPlatform().daemon().name("bench-err-" + process.pid()).start(() -> {
            try {
                process.getErrorStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    static BenchNode start(String phrase, String... args) {
        try {
            Path phraseFile = Files.createTempFile("sesame-bench", ".txt");
            Files.writeString(phraseFile, phrase);
            phraseFile.toFile().deleteOnExit();
            List<String> command = new ArrayList<>(List.of(launcher(),
                    "--headless", "--phrase-file", phraseFile.toString(), "--bind", "127.0.0.1"));
            if (!List.of(args).contains("--port")) command.addAll(List.of("--port", "0"));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("SESAME_NO_BUILD", "1");
            builder.environment().put("XDG_CONFIG_HOME", Files.createTempDirectory("sesame-bench").toString());
            String jfr = System.getProperty("bench.jfr");
            String jvm = System.getProperty("bench.jvm", "");
            String options = jvm;
            if (jfr != null) {
                Path recording = Files.createTempFile(Files.createDirectories(Path.of(jfr)), "node-", ".jfr");
                options += " -XX:StartFlightRecording=settings=profile,filename=" + recording;
            }
            if (!options.isBlank()) {
                // Profiling and experiments only: the launcher drops JVM options from the environment
                // unless told (docs/SECURITY.md, "Honest ends").
                builder.environment().put("SESAME_JVM_OPTIONS_OK", "1");
                builder.environment().put("JAVA_TOOL_OPTIONS", options.strip());
            }
            long start = System.nanoTime();
            return new BenchNode(builder.start(), start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A shell command that starts the terminal interface, linked to {@code peer}, cover off, with
     * its phrase in a temporary file; with {@code -Dbench.jfr=DIR} it records itself with JFR
     * (profiling only: the launcher lets the option through because of SESAME_JVM_OPTIONS_OK=1).
     */
    static String interfaceCommand(String phrase, BenchNode peer, String label) throws IOException {
        Path phraseFile = Files.createTempFile("sesame-" + label, ".txt");
        Files.writeString(phraseFile, phrase);
        phraseFile.toFile().deleteOnExit();
        String jfr = System.getProperty("bench.jfr");
        String env = jfr == null ? "" : "SESAME_JVM_OPTIONS_OK=1 JAVA_TOOL_OPTIONS=-XX:StartFlightRecording=settings=profile,filename="
                + Files.createTempFile(Files.createDirectories(Path.of(jfr)), label + "-", ".jfr") + " ";
        return env + launcher() + " --phrase-file " + phraseFile + " --port 0 --bind 127.0.0.1 --cover off --peer " + peer.listen();
    }

    /** The launcher the nodes run: {@code ./sesame}, or {@code -Dbench.sesame=PATH} (another build, for before/after figures). */
    static String launcher() {
        return System.getProperty("bench.sesame", SesameProcess.projectRoot().resolve("sesame").toString());
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                long now = System.nanoTime();
                try {
                    events.add(new Event(now, JSON.readTree(line)));
                } catch (IOException e) {
                    // not JSON: not an event
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** The next event of this type that passes {@code test}; earlier ones are kept in {@link #seen()}. */
    Event await(String type, Predicate<JsonNode> test, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (true) {
                Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) throw new IllegalStateException("no " + type + " event within " + timeoutMillis + " ms");
                see(e);
                if (e.type().equals(type) && test.test(e.json())) return e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Like {@link #await(String, Predicate, long)}, but an event already seen after {@code mark} counts too. */
    Event awaitSince(int mark, String type, Predicate<JsonNode> test, long timeoutMillis) {
        List<Event> all = seen();
        for (int i = mark; i < all.size(); i++) {
            Event e = all.get(i);
            if (e.type().equals(type) && test.test(e.json())) return e;
        }
        return await(type, test, timeoutMillis);
    }

    int mark() {
        return seen().size();
    }

    Event await(String type) {
        return await(type, j -> true, 300_000); // a busy machine can take minutes to start a JVM
    }

    /** Takes every event that has arrived so far into {@link #seen()}. */
    List<Event> seen() {
        for (Event e; (e = events.poll()) != null; ) see(e);
        return seen;
    }

    private void see(Event e) {
        seen.add(e);
        counts.merge(e.type(), 1L, Long::sum);
    }

    /**
     * How many events of this type have arrived. Counted as they arrive, not by walking
     * {@link #seen}: a burst asks after every event, and walking 40,000 events each time made the
     * harness itself take a core from the nodes it measures.
     */
    long count(String type) {
        seen();
        return counts.getOrDefault(type, 0L);
    }

    void send(String line) {
        write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) {
        try {
            stdin.write(bytes);
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String listen() {
        JsonNode ready = seen().stream().filter(e -> e.type().equals("ready")).findFirst().orElseThrow().json();
        String address = ready.path("listen").asText();
        return "127.0.0.1:" + address.substring(address.lastIndexOf(':') + 1);
    }

    /** User plus system CPU time of the process so far, in milliseconds (clock ticks of 10 ms). */
    long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime, stime at USER_HZ 100
        } catch (IOException e) {
            return -1;
        }
    }

    /** Resident set size in MiB, or -1 once the process is gone. */
    double rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        } catch (IOException e) {
            // gone
        }
        return -1;
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
