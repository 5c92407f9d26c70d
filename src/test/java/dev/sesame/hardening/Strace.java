package dev.sesame.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a command under {@code strace -f}, recording every system call that can create, change
 * or remove a file, and reads the record back as {@link FileCall}s.
 */
final class Strace {
    static final String CALLS = "open,openat,openat2,creat,rename,renameat,renameat2,link,linkat,symlink,symlinkat,"
            + "unlink,unlinkat,rmdir,mkdir,mkdirat,mknod,mknodat,truncate";
    private static final Pattern CALL = Pattern.compile("^\\d+\\s+(\\w+)\\((.*)$");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Strace() {}

    /** One file-system call: its name, the paths it names, its flags (open calls) and its result. */
    record FileCall(String call, List<String> paths, String flags, String result, String line) {
        /** True when the call can put bytes on a file system or change its tree. */
        boolean writes() {
            if (call.startsWith("open") || call.equals("creat")) {
                return call.equals("creat") || flags.contains("O_WRONLY") || flags.contains("O_RDWR")
                        || flags.contains("O_CREAT") || flags.contains("O_TRUNC") || flags.contains("O_APPEND")
                        || flags.contains("O_TMPFILE");
            }
            return true; // rename, link, unlink, mkdir, truncate, ...
        }

        boolean failed() {
            return result.startsWith("-1");
        }
    }

    static boolean available() {
        return Tools.onPath("strace");
    }

    /** The command prefix: follow children, trace only file calls (with seccomp, so the JVM stays fast). */
    static List<String> prefix(Path log) {
        return List.of("strace", "-f", "-qq", "--seccomp-bpf", "-s", "4096", "-e", "trace=" + CALLS, "-o", log.toString());
    }

    static List<FileCall> read(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<FileCall> calls = new ArrayList<>();
        for (String line : lines) {
            Matcher m = CALL.matcher(line);
            if (!m.matches()) continue; // "<... resumed>" halves, signals, exits
            String rest = m.group(2);
            List<String> paths = new ArrayList<>();
            Matcher q = QUOTED.matcher(rest);
            while (q.find()) paths.add(q.group(1));
            int equals = rest.lastIndexOf(") = ");
            String result = equals >= 0 ? rest.substring(equals + 4) : "unfinished";
            calls.add(new FileCall(m.group(1), paths, rest, result, line));
        }
        return calls;
    }

    /**
     * Kernel pseudo-files, never disk: /proc and /sys, /dev/null and terminals. Note that
     * {@code /dev/shm} is NOT here: it is a tmpfs, and tmpfs pages can reach swap.
     */
    static boolean pseudoFile(String path) {
        return path.startsWith("/proc/") || path.startsWith("/sys/") || path.equals("/dev/null")
                || path.equals("/dev/tty") || path.startsWith("/dev/pts/");
    }
}
