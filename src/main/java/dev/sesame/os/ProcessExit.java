package dev.sesame.os;

/**
 * Ends the process at once, for the panic key. {@link Runtime#halt} is not quick enough: the
 * JVM's exit protocol waits up to 300 ms for threads that are in native code (a socket read,
 * the I/O poller) to reach a safepoint. {@code _exit(2)} (Linux, macOS) and
 * {@code TerminateProcess} (Windows) end the process in the kernel, and the kernel closes
 * every socket.
 *
 * <p>Nothing runs after it: no shutdown hooks, no finalisation, no flushing of buffered
 * output. The caller wipes secrets and restores the terminal first.
 */
public final class ProcessExit {
    private ProcessExit() {}

    /** Never returns. Falls back to {@link Runtime#halt} where the native call is unavailable. */
    public static void now(int status) {
        try {
            if (NativeCalls.EXIT_NOW.isPresent()) {
                NativeCalls.EXIT_NOW.get().invokeExact(status);
            } else if (NativeCalls.TERMINATE_PROCESS.isPresent() && NativeCalls.GET_CURRENT_PROCESS.isPresent()) {
                java.lang.foreign.MemorySegment self =
                        (java.lang.foreign.MemorySegment) NativeCalls.GET_CURRENT_PROCESS.get().invokeExact();
                int ignored = (int) NativeCalls.TERMINATE_PROCESS.get().invokeExact(self, status);
            }
        } catch (Throwable t) {
            // fall through to halt: the process must end whatever happened
        }
        Runtime.getRuntime().halt(status);
    }
}
