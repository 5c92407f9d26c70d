package dev.sesame.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Process-wide hardening applied once at start, before any secret exists:
 * no core dumps, and no debugger or same-user process reading our memory where the OS
 * lets us say so.
 *
 * <ul>
 *   <li>Linux: {@code prctl(PR_SET_DUMPABLE, 0)} (also blocks ptrace attach by the same user and
 *       makes {@code /proc/PID/mem} root-only) and {@code setrlimit(RLIMIT_CORE, 0)}.</li>
 *   <li>macOS: {@code setrlimit(RLIMIT_CORE, 0)} and {@code ptrace(PT_DENY_ATTACH)}.</li>
 *   <li>Windows: {@code SetErrorMode} so a crash raises no dialog or error-report dump;
 *       there is no equivalent of the other two (a documented, reduced guarantee).</li>
 * </ul>
 */
public final class ProcessHardening {
    private static final int PR_SET_DUMPABLE = 4;
    private static final int RLIMIT_CORE = 4; // same number on Linux and macOS
    private static final int PT_DENY_ATTACH = 31;
    private static final int SEM_FAILCRITICALERRORS = 0x0001;
    private static final int SEM_NOGPFAULTERRORBOX = 0x0002;

    private ProcessHardening() {}

    /** What was applied, and what could not be, in words fit for a warning line. */
    public record Report(List<String> applied, List<String> failed) {
        public Report {
            applied = List.copyOf(applied);
            failed = List.copyOf(failed);
        }

        public boolean complete() {
            return failed.isEmpty();
        }
    }

    public static Report apply() {
        List<String> applied = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        switch (Platform.current()) {
            case LINUX -> {
                record(applied, failed, "no-dump (prctl PR_SET_DUMPABLE 0)", NativeCalls.PRCTL.map(
                        h -> !NativeCalls.call(h, PR_SET_DUMPABLE, 0L).failed()).orElse(false));
                record(applied, failed, "core size 0 (setrlimit RLIMIT_CORE)", disableCoreDumps());
            }
            case MACOS -> {
                record(applied, failed, "core size 0 (setrlimit RLIMIT_CORE)", disableCoreDumps());
                record(applied, failed, "no debugger (ptrace PT_DENY_ATTACH)", NativeCalls.PTRACE.map(
                        h -> !NativeCalls.call(h, PT_DENY_ATTACH, 0, MemorySegment.NULL, 0).failed()).orElse(false));
            }
            case WINDOWS -> {
                record(applied, failed, "no crash dialog or error-report dump (SetErrorMode)",
                        NativeCalls.SET_ERROR_MODE.map(h -> {
                            NativeCalls.call(h, SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
                            return true;
                        }).orElse(false));
                failed.add("core-dump and debugger protection have no Windows equivalent here");
            }
            case OTHER -> failed.add("process hardening is not supported on this system");
        }
        return new Report(applied, failed);
    }

    private static boolean disableCoreDumps() {
        return NativeCalls.SETRLIMIT.map(h -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment limit = arena.allocate(16, 8); // struct rlimit { rlim_t cur, max; }
                limit.set(ValueLayout.JAVA_LONG, 0, 0L);
                limit.set(ValueLayout.JAVA_LONG, 8, 0L);
                return !NativeCalls.call(h, RLIMIT_CORE, limit).failed();
            }
        }).orElse(false);
    }

    private static void record(List<String> applied, List<String> failed, String what, boolean ok) {
        (ok ? applied : failed).add(what);
    }
}
