package dev.sesame.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.SesameProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on the command line: one clear line on stderr, exit code 2, never a stack trace. */
class CommandLineIT {
    @TempDir
    Path dir;

    record Result(int exit, String stdout, String stderr) {}

    private Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SesameProcess.projectRoot().resolve("sesame").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                Files.writeString(dir.resolve("stdin"), "").toFile()));
        builder.environment().put("SESAME_NO_BUILD", "1");
        builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private void refused(String expected, String... args) throws Exception {
        Result r = run(args);
        assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(r.stderr().lines().toList()).as(String.join(" ", args)).hasSize(1);
        assertThat(r.stderr()).startsWith("sesame: ").contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws Exception {
        Path phrase = Files.writeString(dir.resolve("phrase"), "open sesame\n");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        refused("Unknown option", "--bogus");
        refused("--port must be between 0 and 65535", "--port", "70000", "--phrase-file", phrase.toString());
        refused("--port", "--port", "nine", "--phrase-file", phrase.toString());
        refused("not a readable file", "--headless", "--phrase-file", dir.resolve("missing").toString());
        refused("the phrase is empty", "--headless", "--phrase-file", empty.toString());
        refused("expected HOST:PORT", "--headless", "--phrase-file", phrase.toString(), "--peer", "example.org");
        refused("expected HOST:PORT", "--headless", "--phrase-file", phrase.toString(), "--peer", "::1:9000");
        refused("--ttl", "--headless", "--phrase-file", phrase.toString(), "--ttl", "2");
        refused("--cover must be on or off", "--headless", "--phrase-file", phrase.toString(), "--cover", "maybe");
        refused("one way only", "--headless", "--phrase", "x", "--phrase-file", phrase.toString());
        refused("no terminal", "--headless");
    }

    @Test
    void helpAndVersionSucceed() throws Exception {
        Result help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.stdout()).contains("--phrase-file").contains("--peer").contains("--headless").contains("--decoy");
        Result version = run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.stdout()).contains("protocol version 1");
    }

    @Test
    void aTakenPortIsAClearErrorNotACrash() throws Exception {
        Path phrase = Files.writeString(dir.resolve("phrase"), "open sesame");
        try (ServerSocket taken = new ServerSocket(0)) {
            Result r = run("--headless", "--phrase-file", phrase.toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.stderr()).contains("cannot listen on port " + taken.getLocalPort()).doesNotContain("\tat ");
        }
    }

    @Test
    void thePhraseWarningAppearsOnceForPhraseOnTheCommandLine() throws IOException, Exception {
        Result r = run("--headless", "--phrase", "open sesame", "--port", "0");
        assertThat(r.stderr().lines().filter(l -> l.contains("visible in the process list")).count()).isEqualTo(1);
        assertThat(r.exit()).isZero(); // stdin was empty: end of input is /quit
        assertThat(r.stdout()).contains("\"event\":\"ready\"").contains("\"event\":\"bye\"");
    }
}
