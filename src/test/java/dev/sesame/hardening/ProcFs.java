package dev.sesame.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads what Linux says about a running process under {@code /proc/PID}. */
final class ProcFs {
    private ProcFs() {}

    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/status"));
    }

    /** A {@code kB} field of {@code /proc/PID/status}, such as {@code VmLck}. */
    static long statusKb(long pid, String field) {
        return Long.parseLong(statusField(pid, field).replace("kB", "").trim());
    }

    static String statusField(long pid, String field) {
        return lines(pid, "status").stream().filter(l -> l.startsWith(field + ":"))
                .map(l -> l.substring(field.length() + 1).trim()).findFirst()
                .orElseThrow(() -> new AssertionError(field + " not in /proc/" + pid + "/status"));
    }

    /** True if signal {@code number} is ignored by the process ({@code SigIgn} of /proc/PID/status). */
    static boolean signalIgnored(long pid, int number) {
        return (Long.parseUnsignedLong(statusField(pid, "SigIgn"), 16) & (1L << (number - 1))) != 0;
    }

    /** The number of threads of the process. */
    static int threads(long pid) {
        return Integer.parseInt(statusField(pid, "Threads"));
    }

    /** The number of open file descriptors of the process. */
    static int openFiles(long pid) {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The soft and hard values of one line of {@code /proc/PID/limits}, e.g. "Max core file size". */
    static List<String> limit(long pid, String name) {
        Optional<String> line = lines(pid, "limits").stream().filter(l -> l.startsWith(name)).findFirst();
        String[] parts = line.orElseThrow(() -> new AssertionError(name + " not in /proc/" + pid + "/limits"))
                .substring(name.length()).trim().split("\\s+");
        return List.of(parts[0], parts[1]);
    }

    /** The command line, arguments separated by spaces. */
    static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ').trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The owner uid of {@code /proc/PID/FILE}: root for every file of a non-dumpable process. */
    static int ownerUid(long pid, String file) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc", Long.toString(pid), file), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(long pid, String file) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
