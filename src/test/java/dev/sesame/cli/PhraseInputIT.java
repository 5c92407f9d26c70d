package dev.sesame.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TmuxSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two phrase sources that avoid the command line: the hidden prompt and a file descriptor. */
class PhraseInputIT {
    @TempDir
    Path dir;

    @Test
    void theHiddenPromptDoesNotEchoThePhraseAndTheNodeStarts() {
        try (TmuxSession terminal = TmuxSession.start("prompt", 120, 30)) {
            terminal.typeLine("./sesame --headless --port 0");
            terminal.waitForText("Phrase (not shown):");
            // Alone (no --peer), it asks twice: a typo is caught here, not by nobody ever joining.
            terminal.typeLine("correct horse battery staple");
            terminal.waitForText("Same phrase again (not shown):");
            terminal.typeLine("correct horse battery stapel");
            terminal.waitForText("The two phrases differ; try again.");
            terminal.typeLine("correct horse battery staple");
            terminal.waitFor(s -> s.split("Same phrase again", -1).length == 3, Duration.ofSeconds(30), "the second confirmation");
            terminal.typeLine("correct horse battery staple");
            terminal.waitForText("\"event\":\"ready\"");
            assertThat(terminal.everything()).doesNotContain("correct horse").doesNotContain("visible in the process list");
            terminal.typeLine("/quit");
            terminal.waitForText("\"event\":\"bye\"");
        }
    }

    /** zxcvbn's verdict on the phrase is in the ready event, and never the phrase itself. */
    @Test
    void aWeakPhraseIsWarnedAboutInTheReadyEventAndAStrongOneIsNot() {
        try (SesameProcess weak = SesameProcess.start("weak", "password1", "--cover", "off");
             SesameProcess strong = SesameProcess.start("strong", "gravel unkempt orbit lantern plume", "--cover", "off")) {
            assertThat(weak.ready().path("warnings").toString()).contains("the phrase is weak (strength 0 of 4")
                    .doesNotContain("password1");
            // Only about the phrase: a machine may add others (memory that cannot be locked, say).
            assertThat(strong.ready().path("warnings").toString()).doesNotContain("phrase is weak");
        }
    }

    @Test
    void aPhraseFromAFileDescriptorLinksWithTheSamePhraseFromAFile() throws Exception {
        Path phrase = Files.writeString(dir.resolve("phrase"), "open sesame\n");
        try (SesameProcess listener = SesameProcess.start("listener", "open sesame", "--cover", "off")) {
            String command = "exec " + SesameProcess.projectRoot().resolve("sesame") + " --headless --port 0 --cover off"
                    + " --phrase-fd 3 --peer " + listener.address() + " 3<" + phrase;
            try (SesameProcess viaFd = SesameProcess.startRaw("fd", List.of("bash", "-c", command))) {
                listener.await("peer_up", e -> e.path("peer_id").asText().equals(viaFd.peerId()));
                assertThat(viaFd.stderr()).doesNotContain("visible in the process list");
            }
        }
    }
}
