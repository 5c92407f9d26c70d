package dev.sesame.tor;

import dev.sesame.limits.Limits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A tor that Sesame starts for itself when none runs (docs/USAGE.md "Over Tor"): a child process
 * with a throwaway data directory, owned by this process ({@code __OwningControllerProcess}, then
 * TAKEOWNERSHIP on the control connection) so that it exits when Sesame does, however Sesame ends.
 * Its control and SOCKS ports are chosen by tor ({@code auto}) on 127.0.0.1. On close it is
 * stopped and its directory deleted. What it writes there is listed in docs/SECURITY.md "Tor".
 */
final class OwnTor implements AutoCloseable {
    private static final int KEPT_LOG_LINES = 20;
    private static final List<String> USUAL_DIRS = List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/opt/homebrew/bin", "/opt/local/bin");

    private final Process process;
    private final Path directory;
    private final InetSocketAddress control;
    private final Deque<String> lastLines;

    private OwnTor(Process process, Path directory, InetSocketAddress control, Deque<String> lastLines) {
        this.process = process;
        this.directory = directory;
        this.control = control;
        this.lastLines = lastLines;
    }

    /** The first executable {@code tor} on PATH or in the usual places. */
    static Optional<Path> findBinary(Map<String, String> env) {
        List<String> dirs = new ArrayList<>();
        String path = env.getOrDefault("PATH", "");
        if (!path.isEmpty()) dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
        dirs.addAll(USUAL_DIRS);
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, "tor")).filter(Files::isExecutable).findFirst();
    }

    /** Starts tor and waits until its control port is known; the caller connects and takes ownership. */
    static OwnTor start(Path binary, Optional<Path> torrc, Duration timeout) throws TorException {
        Path dir;
        try {
            dir = Files.createTempDirectory("sesame-tor-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException | UnsupportedOperationException e) {
            throw new TorException(TorDownReason.OWN_TOR_FAILED, "cannot make a data directory for tor: " + e.getMessage(), e);
        }
        Path portFile = dir.resolve("control-port");
        List<String> command = List.of(binary.toString(), "--ignore-missing-torrc",
                "-f", torrc.map(Path::toString).orElse("/dev/null"), "--defaults-torrc", "/dev/null",
                "--DataDirectory", dir.toString(),
                "--ControlPort", "auto", "--ControlPortWriteToFile", portFile.toString(),
                "--SocksPort", "auto", "--CookieAuthentication", "1",
                "--__OwningControllerProcess", Long.toString(ProcessHandle.current().pid()),
                "--AvoidDiskWrites", "1", "--ClientOnly", "1", "--Log", "notice stdout", "--SafeLogging", "1");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            deleteTree(dir);
            throw new TorException(TorDownReason.OWN_TOR_FAILED, "cannot start " + binary + ": " + e.getMessage(), e);
        }
        Deque<String> lines = new ArrayDeque<>();
        Thread.ofVirtual().name("own-tor-log").start(() -> drain(process, lines));
        OwnTor tor = null;
        try {
            tor = new OwnTor(process, dir, awaitControlPort(process, portFile, timeout, lines), lines);
            return tor;
        } finally {
            if (tor == null) {
                process.destroyForcibly();
                deleteTree(dir);
            }
        }
    }

    private static InetSocketAddress awaitControlPort(Process process, Path portFile, Duration timeout, Deque<String> lines)
            throws TorException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new TorException(TorDownReason.OWN_TOR_FAILED, "tor exited at start (" + process.exitValue() + "): " + last(lines));
            }
            Optional<InetSocketAddress> port = readPortFile(portFile);
            if (port.isPresent()) return port.get();
            try {
                Thread.sleep(50); // tor writes the file once, moments after start; nothing to wake us
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new TorException(TorDownReason.OWN_TOR_FAILED, "tor did not open its control port within " + timeout.toSeconds() + " s: " + last(lines));
    }

    /** {@code PORT=127.0.0.1:NNNN}, written by tor; only a loopback IPv4 literal is accepted. */
    static Optional<InetSocketAddress> readPortFile(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 256) return Optional.empty();
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (line.startsWith("PORT=")) return TorAddresses.loopback(line.substring(5));
            }
        } catch (IOException e) {
            // not written yet
        }
        return Optional.empty();
    }

    private static void drain(Process process, Deque<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lines) {
                    if (lines.size() == KEPT_LOG_LINES) lines.removeFirst();
                    lines.addLast(line.length() > 300 ? line.substring(0, 300) : line);
                }
            }
        } catch (IOException e) {
            // tor exited
        }
    }

    private static String last(Deque<String> lines) {
        synchronized (lines) {
            return lines.isEmpty() ? "(no output)" : lines.peekLast();
        }
    }

    InetSocketAddress control() {
        return control;
    }

    String lastLogLine() {
        return last(lastLines);
    }

    /** Waits for tor to exit (its owner connection is closed first by the caller), kills it if it does not, deletes its directory. */
    @Override
    public void close() {
        try {
            if (!process.waitFor(Limits.OWN_TOR_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(Limits.OWN_TOR_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(directory);
    }

    Path directory() {
        return directory;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: what is left is listed in docs/SECURITY.md
                }
            });
        } catch (IOException e) {
            // already gone
        }
    }

    static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
