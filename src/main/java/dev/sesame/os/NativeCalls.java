package dev.sesame.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * Downcall handles to the few C library functions hardening needs, looked up once.
 * A function the platform lacks is an empty {@link Optional}; callers degrade and say so.
 *
 * <p>Every handle captures {@code errno} (or Windows' last error) so a failure can be reported
 * with its cause. Thread-safe: the handles are immutable.
 */
final class NativeCalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final String ERRNO = Platform.current() == Platform.WINDOWS ? "GetLastError" : "errno";
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState(ERRNO);
    private static final VarHandle ERRNO_HANDLE = Linker.Option.captureStateLayout()
            .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement(ERRNO));

    static final Optional<MethodHandle> MLOCK = unix("mlock", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    static final Optional<MethodHandle> MUNLOCK = unix("munlock", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    static final Optional<MethodHandle> MADVISE = unix("madvise", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    /** {@code int prctl(int option, ...)}: variadic after the first argument. */
    static final Optional<MethodHandle> PRCTL = unix("prctl", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    static final Optional<MethodHandle> SETRLIMIT = unix("setrlimit", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    /** {@code int ptrace(int request, pid_t pid, caddr_t addr, int data)} (macOS). */
    static final Optional<MethodHandle> PTRACE = unix("ptrace", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT));
    static final Optional<MethodHandle> VIRTUAL_LOCK = windows("VirtualLock", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    static final Optional<MethodHandle> VIRTUAL_UNLOCK = windows("VirtualUnlock", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    /** {@code UINT SetErrorMode(UINT)}: no crash dialog, no Windows Error Reporting dump prompt. */
    static final Optional<MethodHandle> SET_ERROR_MODE = windows("SetErrorMode", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    /** {@code void _exit(int)}: ends the process at once (no capture: it never returns). */
    static final Optional<MethodHandle> EXIT_NOW = plain(Platform.current() == Platform.WINDOWS ? Optional.empty()
            : LINKER.defaultLookup().find("_exit"), FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
    /** {@code HANDLE GetCurrentProcess()} and {@code BOOL TerminateProcess(HANDLE, UINT)} (Windows). */
    static final Optional<MethodHandle> GET_CURRENT_PROCESS = plain(windowsSymbol("GetCurrentProcess"),
            FunctionDescriptor.of(ValueLayout.ADDRESS));
    static final Optional<MethodHandle> TERMINATE_PROCESS = plain(windowsSymbol("TerminateProcess"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private NativeCalls() {}

    /** Result of one native call: the C return value and errno when it failed. */
    record Result(long value, int errno) {
        boolean failed() {
            return value == -1;
        }
    }

    /**
     * Calls {@code handle} with a fresh call-state segment prepended and returns its result.
     * The handle's return type must be {@code int}.
     */
    static Result call(MethodHandle handle, Object... args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            Object[] full = new Object[args.length + 1];
            full[0] = state;
            System.arraycopy(args, 0, full, 1, args.length);
            int value = (int) handle.invokeWithArguments(full);
            int errno = (int) ERRNO_HANDLE.get(state, 0L);
            return new Result(value, errno);
        } catch (Throwable t) {
            // A downcall with the descriptor we declared cannot throw; a failure here is a bug.
            throw new AssertionError("native call failed: " + handle, t);
        }
    }

    private static Optional<MethodHandle> unix(String name, FunctionDescriptor fd, Linker.Option... extra) {
        if (Platform.current() != Platform.LINUX && Platform.current() != Platform.MACOS) return Optional.empty();
        return lookup(LINKER.defaultLookup(), name, fd, extra);
    }

    private static Optional<MethodHandle> windows(String name, FunctionDescriptor fd) {
        if (Platform.current() != Platform.WINDOWS) return Optional.empty();
        return lookup(SymbolLookup.libraryLookup("kernel32", Arena.global()), name, fd);
    }

    private static Optional<java.lang.foreign.MemorySegment> windowsSymbol(String name) {
        if (Platform.current() != Platform.WINDOWS) return Optional.empty();
        try {
            return SymbolLookup.libraryLookup("kernel32", Arena.global()).find(name);
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return Optional.empty();
        }
    }

    /** A downcall handle without errno capture, or empty when native access is off. */
    private static Optional<MethodHandle> plain(Optional<java.lang.foreign.MemorySegment> symbol, FunctionDescriptor fd) {
        try {
            return symbol.map(s -> LINKER.downcallHandle(s, fd));
        } catch (IllegalArgumentException | IllegalCallerException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static Optional<MethodHandle> lookup(SymbolLookup lookup, String name, FunctionDescriptor fd,
                                                 Linker.Option... extra) {
        try {
            Linker.Option[] options = new Linker.Option[extra.length + 1];
            options[0] = CAPTURE;
            System.arraycopy(extra, 0, options, 1, extra.length);
            return lookup.find(name).map(symbol -> LINKER.downcallHandle(symbol, fd, options));
        } catch (IllegalArgumentException | IllegalCallerException | UnsupportedOperationException e) {
            // No native access (flag missing) or an unsupported platform: hardening degrades.
            return Optional.empty();
        }
    }
}
