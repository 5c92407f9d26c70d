package dev.sesame.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.SesameProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's start-up cache (target/sesame.aot, README "Performance"): a trained cache is
 * used, and a missing, older or unreadable one never stops Sesame from starting or puts
 * anything but JSON on stdout. Reads the JVM's command line from /proc to see what the
 * launcher chose. Puts back whatever cache was there before.
 */
@EnabledOnOs(OS.LINUX)
class AotCacheIT {
    private static final Path ROOT = SesameProcess.projectRoot();
    private static final Path CACHE = ROOT.resolve("target/sesame.aot");
    private static final Path JAR = ROOT.resolve("target/sesame.jar");

    @TempDir
    Path dir;
    private Path saved;

    @BeforeEach
    void setAside() throws Exception {
        if (Files.exists(CACHE)) {
            saved = dir.resolve("saved.aot");
            Files.move(CACHE, saved);
        }
    }

    @AfterEach
    void putBack() throws Exception {
        Files.deleteIfExists(CACHE);
        if (saved != null) Files.move(saved, CACHE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void noCacheStartsWithoutOne() throws Exception {
        assertThat(startAndQuit()).doesNotContain("-XX:AOTCache=");
    }

    @Test
    void anUnreadableCacheIsTriedAndIgnoredQuietly() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(CACHE, garbage);
        Files.setLastModifiedTime(CACHE, FileTime.from(Files.getLastModifiedTime(JAR).toInstant().plusSeconds(60)));
        assertThat(startAndQuit()).contains("-XX:AOTCache=" + CACHE);
    }

    @Test
    void aCacheOlderThanTheJarIsNotUsed() throws Exception {
        Files.write(CACHE, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(CACHE, FileTime.from(Files.getLastModifiedTime(JAR).toInstant().minusSeconds(60)));
        assertThat(startAndQuit()).doesNotContain("-XX:AOTCache=");
    }

    @Test
    void aTrainedCacheIsUsed() throws Exception {
        Process training = new ProcessBuilder(ROOT.resolve("scripts/aot-train").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("training.log").toFile()).start();
        assertThat(training.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(training.exitValue()).as(Files.readString(dir.resolve("training.log"))).isZero();
        assertThat(CACHE).isNotEmptyFile();
        assertThat(Files.getLastModifiedTime(CACHE).toInstant()).isAfter(Files.getLastModifiedTime(JAR).toInstant());
        assertThat(startAndQuit()).contains("-XX:AOTCache=" + CACHE);
    }

    /** Starts a node, waits for ready, quits it; returns the JVM's command line. */
    private static String startAndQuit() throws Exception {
        try (SesameProcess node = SesameProcess.start("aot", "open sesame", "--bind", "127.0.0.1", "--cover", "off")) {
            node.ready();
            String commandLine = new String(Files.readAllBytes(Path.of("/proc", Long.toString(node.pid()), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
            node.send("/quit");
            assertThat(node.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(node.nonJsonLines()).isEmpty();
            assertThat(node.stderr()).doesNotContainIgnoringCase("aot");
            return commandLine;
        }
    }
}
