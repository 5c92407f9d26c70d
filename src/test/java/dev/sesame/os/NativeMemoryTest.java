package dev.sesame.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
    @Test
    void locksAPageAlignedSegmentAndTheKernelCountsIt() throws IOException {
        assumeTrue(Platform.current() == Platform.LINUX, "reads /proc/self/status");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(NativeMemory.PAGE_ALIGNMENT, NativeMemory.PAGE_ALIGNMENT);
            long before = lockedKb();
            NativeMemory.LockResult result = NativeMemory.lock(segment);
            if (!result.locked()) {
                // A small RLIMIT_MEMLOCK: the failure must say why, for the one warning at start.
                assertThat(result.detail()).contains("mlock failed");
                return;
            }
            assertThat(lockedKb() - before).isEqualTo(NativeMemory.PAGE_ALIGNMENT / 1024);
            NativeMemory.unlock(segment);
            assertThat(lockedKb()).isEqualTo(before);
        }
    }

    private static long lockedKb() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmLck:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
    }
}
