package dev.sesame.hardening;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Small helpers the hardening tests share: tools on the PATH, privileges, files for other users. */
final class Tools {
    static final int NOBODY = 65534;

    private Tools() {}

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** True when this test can run a process as nobody ({@code setpriv}, as root). */
    static boolean canDropPrivileges() {
        return isRoot() && onPath("setpriv") && onPath("prlimit");
    }

    /**
     * The command prefix that runs what follows as nobody, with no capabilities and the given
     * RLIMIT_MEMLOCK in bytes (empty: keep the inherited limit).
     */
    static List<String> asNobody(Long memlockBytes) {
        List<String> prefix = new ArrayList<>();
        if (memlockBytes != null) prefix.addAll(List.of("prlimit", "--memlock=" + memlockBytes + ":" + memlockBytes));
        prefix.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--inh-caps=-all"));
        return prefix;
    }

    /** A phrase file that any user may read (for processes run as nobody). */
    static Path worldReadablePhraseFile(String phrase) {
        try {
            Path dir = Files.createTempDirectory("sesame-phrase", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
            Path file = dir.resolve("phrase");
            Files.writeString(file, phrase);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A private phrase file for processes run as this user. */
    static Path phraseFile(String phrase) {
        try {
            Path file = Files.createTempFile("sesame-phrase", ".txt");
            Files.writeString(file, phrase);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP port that was free on 127.0.0.1 a moment ago. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line of {@code ./sesame --headless} on loopback with a phrase file. */
    static List<String> sesame(Path phraseFile, String... args) {
        List<String> command = new ArrayList<>(List.of(dev.sesame.testing.SesameProcess.projectRoot().resolve("sesame")
                .toString(), "--headless", "--phrase-file", phraseFile.toString(), "--bind", "127.0.0.1"));
        if (!List.of(args).contains("--port")) command.addAll(List.of("--port", "0"));
        command.addAll(List.of(args));
        return command;
    }

    /** Reads one variable from a running process's environment. */
    static String environmentOf(long pid, String name) {
        try {
            String environ = Files.readString(Path.of("/proc", Long.toString(pid), "environ"));
            for (String entry : environ.split("\0")) {
                if (entry.startsWith(name + "=")) return entry.substring(name.length() + 1);
            }
            throw new AssertionError(name + " is not in the environment of " + pid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
