package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.SesameProcess;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A terminal that answers no query (here {@code script}'s pseudo-terminal, whose other side is
 * this test, which never answers): the interface draws its screen without ever asking the
 * terminal for the cursor position ({@code ESC[6n}), which such a terminal would leave
 * unanswered (README "Performance"). The pseudo-terminal also reports no size, so the
 * interface falls back to 80×24.
 */
class SilentTerminalIT {
    private static final byte[] CURSOR_POSITION_QUERY = "\u001b[6n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void theScreenIsDrawnWithoutAskingTheTerminalAnything() throws Exception {
        Path phrase = Files.writeString(dir.resolve("phrase"), "open sesame\n");
        String sesame = SesameProcess.projectRoot().resolve("sesame") + " --phrase-file " + phrase
                + " --port 0 --bind 127.0.0.1 --cover off";
        ProcessBuilder builder = new ProcessBuilder(List.of("script", "-qfec", sesame, "/dev/null"));
        builder.environment().put("SESAME_NO_BUILD", "1");
        builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        builder.environment().put("TERM", "xterm-256color");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try {
            InputStream out = process.getInputStream();
            byte[] buffer = new byte[4096];
            int n;
            while (!screen.toString(StandardCharsets.UTF_8).contains("listening on") && (n = out.read(buffer)) > 0) {
                screen.write(buffer, 0, n);
            }
            assertThat(screen.toString(StandardCharsets.UTF_8)).contains("listening on");
            assertThat(indexOf(screen.toByteArray(), CURSOR_POSITION_QUERY)).as("ESC[6n sent").isEqualTo(-1);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
