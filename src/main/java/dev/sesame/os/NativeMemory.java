package dev.sesame.os;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Keeps memory out of swap and out of core dumps: {@code mlock}/{@code munlock} and
 * {@code madvise(MADV_DONTDUMP)} on Linux and macOS, {@code VirtualLock} on Windows.
 *
 * <p>Callers pass page-aligned segments whose size is a multiple of {@link #PAGE_ALIGNMENT}.
 * Every method reports failure instead of throwing: a machine with a small
 * {@code RLIMIT_MEMLOCK} still runs, with a reduced guarantee that the caller announces.
 * Thread-safe.
 */
public final class NativeMemory {
    /** Large enough for 4 KiB (x86-64) and 16 KiB (Apple silicon) pages. */
    public static final long PAGE_ALIGNMENT = 16 * 1024;
    private static final int MADV_DONTDUMP = 16; // Linux only

    private NativeMemory() {}

    /** Outcome of a lock request; {@code errno} names the cause when {@code locked} is false. */
    public record LockResult(boolean locked, String detail) {}

    public static LockResult lock(MemorySegment segment) {
        return switch (Platform.current()) {
            case LINUX, MACOS -> unixLock(segment);
            case WINDOWS -> windowsCall(NativeCalls.VIRTUAL_LOCK, segment);
            case OTHER -> new LockResult(false, "memory locking is not supported on this system");
        };
    }

    public static void unlock(MemorySegment segment) {
        switch (Platform.current()) {
            case LINUX, MACOS -> NativeCalls.MUNLOCK.ifPresent(h -> NativeCalls.call(h, segment, segment.byteSize()));
            case WINDOWS -> windowsCall(NativeCalls.VIRTUAL_UNLOCK, segment);
            case OTHER -> { /* nothing was locked */ }
        }
    }

    private static LockResult unixLock(MemorySegment segment) {
        Optional<MethodHandle> mlock = NativeCalls.MLOCK;
        if (mlock.isEmpty()) return new LockResult(false, "mlock is unavailable (native access disabled?)");
        NativeCalls.Result r = NativeCalls.call(mlock.get(), segment, segment.byteSize());
        if (r.failed()) {
            return new LockResult(false, "mlock failed, errno " + r.errno()
                    + (r.errno() == 12 || r.errno() == 1 ? " (RLIMIT_MEMLOCK too small: see `ulimit -l`)" : ""));
        }
        if (Platform.current() == Platform.LINUX) {
            // Best effort: a core dump is already disabled at start; this covers a later re-enable.
            NativeCalls.MADVISE.ifPresent(h -> NativeCalls.call(h, segment, segment.byteSize(), MADV_DONTDUMP));
        }
        return new LockResult(true, "locked");
    }

    private static LockResult windowsCall(Optional<MethodHandle> handle, MemorySegment segment) {
        if (handle.isEmpty()) return new LockResult(false, "VirtualLock is unavailable");
        NativeCalls.Result r = NativeCalls.call(handle.get(), segment, segment.byteSize());
        // Win32 BOOL: non-zero is success.
        return r.value() != 0 ? new LockResult(true, "locked")
                : new LockResult(false, "VirtualLock failed, error " + r.errno());
    }
}
