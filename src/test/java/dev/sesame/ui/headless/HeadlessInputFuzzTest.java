package dev.sesame.ui.headless;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sesame.chat.Command;
import dev.sesame.chat.CommandParser;
import dev.sesame.limits.Limits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Fuzz target: headless stdin as a script (or anything piped in) writes it: bytes that need not
 * be UTF-8, lines of any length, then each line parsed as a command or a tagged JSON command
 * (docs/HEADLESS.md). No line
 * kept is longer than the limit or holds a line break, and every line is some {@link Command}.
 */
class HeadlessInputFuzzTest {
    @FuzzTest
    void readCommands(byte[] input) throws IOException {
        LineReader lines = new LineReader(new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8));
        int count = 0;
        for (Optional<LineReader.Line> line = lines.next(); line.isPresent(); line = lines.next()) {
            assertThat(++count).isLessThanOrEqualTo(input.length); // every line consumed input
            if (line.get() instanceof LineReader.Line.Text text) {
                assertThat(text.text().length()).isLessThanOrEqualTo(Limits.MAX_INPUT_LINE_CHARS);
                assertThat(text.text()).doesNotContain("\n");
                Command command = CommandParser.parse(text.text());
                assertThat(command).isNotNull();
                if (TaggedCommand.looksLikeJson(text.text())) {
                    // {"tag":..,"cmd":..}: parsed by Jackson's streaming parser, refused with a reason or a command
                    assertThat(TaggedCommand.parse(text.text())).isNotNull();
                }
            }
        }
    }
}
