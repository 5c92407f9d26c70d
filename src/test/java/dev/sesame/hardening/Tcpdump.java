package dev.sesame.hardening;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real packet capture on the loopback interface, as an observer of the network would make
 * one: {@code tcpdump -i lo -nn -tt -q} on one TCP port. Each line gives the kernel's
 * timestamp, both ports and the TCP payload length, which is all an observer of an encrypted
 * link learns (besides the addresses).
 */
final class Tcpdump implements AutoCloseable {
    /** One captured TCP segment. */
    record Segment(double time, int sourcePort, int destinationPort, int payloadBytes) {
        boolean from(int port) {
            return sourcePort == port;
        }

        boolean carriesData() {
            return payloadBytes > 0;
        }
    }

    // 1795451774.546882 IP 127.0.0.1.54266 > 127.0.0.1.9100: tcp 550
    private static final Pattern LINE = Pattern.compile(
            "^(\\d+\\.\\d+) IP6? \\S+?\\.(\\d+) > \\S+?\\.(\\d+): tcp (\\d+)$");

    private final Process process;
    private final List<Segment> segments = new ArrayList<>();
    private final List<String> unparsed = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final CountDownLatch listening = new CountDownLatch(1);
    private final Thread reader;

    private Tcpdump(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("tcpdump-out").start(this::readStdout);
        Thread.ofPlatform().daemon().name("tcpdump-err").start(this::readStderr);
    }

    static boolean available() {
        return Tools.onPath("tcpdump");
    }

    /** Starts capturing every TCP segment to or from {@code port} on loopback; returns once tcpdump listens. */
    static Tcpdump capture(int port) {
        try {
            Process p = new ProcessBuilder("tcpdump", "-i", "lo", "-nn", "-tt", "-q", "-l", "--immediate-mode",
                    "tcp port " + port).start();
            Tcpdump dump = new Tcpdump(p);
            if (!dump.listening.await(20, TimeUnit.SECONDS)) {
                dump.close();
                throw new AssertionError("tcpdump did not start: " + dump.stderr());
            }
            return dump;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stops the capture (SIGTERM: tcpdump prints what it still holds) and returns every segment. */
    List<Segment> stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
            reader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return List.copyOf(segments);
        }
    }

    synchronized List<String> unparsed() {
        return List.copyOf(unparsed);
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher m = LINE.matcher(line.trim());
                synchronized (this) {
                    if (m.matches()) {
                        segments.add(new Segment(Double.parseDouble(m.group(1)), Integer.parseInt(m.group(2)),
                                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
                    } else {
                        unparsed.add(line);
                    }
                }
            }
        } catch (IOException e) {
            // tcpdump ended
        }
    }

    private void readStderr() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (stderr) {
                    stderr.append(line).append('\n');
                }
                if (line.contains("listening on")) listening.countDown();
            }
        } catch (IOException e) {
            // tcpdump ended
        }
    }

    private String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
    }
}
