package dev.sesame.hardening;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests that wipe this JVM's secret memory must not share the JVM with other tests. The
 * surefire execution {@code wipe-tests} runs each in a fresh JVM and sets
 * {@code sesame.wipe.fork}; anywhere else (an IDE, {@code -Dtest=...} in the default
 * execution) they are skipped rather than break the tests after them.
 */
final class WipeFork {
    private WipeFork() {}

    static void require() {
        assumeTrue(Boolean.getBoolean("sesame.wipe.fork"),
                "wipes this JVM's secret memory: runs only in its own JVM (surefire execution wipe-tests)");
    }
}
