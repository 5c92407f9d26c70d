package dev.sesame;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way, following the data: ui → chat → mesh → relay → link → tor →
 * transport → wire → ratchet → crypto → os/util/limits. A package may use its own layer and the ones below it, never one
 * above; the two user interfaces never use each other; and the pure layers (crypto, ratchet,
 * wire) touch no network, no files and start no threads.
 */
class LayeringTest {
    private static final Map<String, Integer> LEVEL = Map.ofEntries(
            Map.entry("util", 0), Map.entry("limits", 0), Map.entry("os", 0),
            Map.entry("crypto", 1), Map.entry("ratchet", 2), Map.entry("wire", 3), Map.entry("transport", 4),
            Map.entry("tor", 5), Map.entry("link", 6), Map.entry("relay", 7), Map.entry("mesh", 8), Map.entry("chat", 9),
            Map.entry("ui.headless", 10), Map.entry("ui.terminal", 10), Map.entry("cli", 11), Map.entry("", 12));
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.sesame\\.([a-z.]*?)\\.?[A-Z]", Pattern.MULTILINE);
    private static final Path MAIN = Path.of("src/main/java/dev/sesame");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static String packageOf(Path file) {
        return MAIN.relativize(file.getParent() == null ? MAIN : file.getParent()).toString().replace('/', '.');
    }

    @Test
    void noPackageUsesALayerAboveIt() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String from = packageOf(file);
            Integer fromLevel = LEVEL.get(from);
            assertThat(fromLevel).as("every package has a layer: %s", from).isNotNull();
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String to = m.group(1);
                Integer toLevel = LEVEL.get(to);
                assertThat(toLevel).as("known package %s imported by %s", to, file).isNotNull();
                boolean sideways = fromLevel.equals(toLevel) && !from.equals(to);
                if (toLevel > fromLevel || sideways) violations.add(file.getFileName() + " (" + from + ") imports " + to);
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void thePureLayersDoNoIoAndStartNoThreads() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String pkg = packageOf(file);
            if (!pkg.equals("crypto") && !pkg.equals("ratchet") && !pkg.equals("wire")) continue;
            String text = Files.readString(file);
            for (String forbidden : List.of("java.net.", "java.nio.file.", "java.io.File", "Thread.of", "new Thread(",
                    "Executors.", "System.out", "System.err")) {
                if (text.contains(forbidden)) violations.add(file.getFileName() + " uses " + forbidden);
            }
        }
        assertThat(violations).isEmpty();
    }
}
