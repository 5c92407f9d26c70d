package dev.sesame.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.sesame.limits.Limits;

/**
 * Fuzz target: command parsing, shared by the terminal's input line and headless stdin
 * (docs/USAGE.md). Any text is some {@link Command}, never an exception; a parsed TTL is
 * within the limits, and a message keeps the text it was given.
 */
class CommandParserFuzzTest {
    @FuzzTest
    void parse(@NotNull String line) {
        Command command = CommandParser.parse(line);
        switch (command) {
            case Command.SetTtl set -> set.ttl().ifPresent(ttl ->
                    assertThat(ttl).isBetween(Limits.MIN_TTL, Limits.MAX_TTL));
            case Command.Say say -> assertThat(line).contains(say.text());
            case Command.Whisper whisper -> assertThat(whisper.target()).isNotBlank();
            default -> assertThat(command).isNotNull();
        }
    }
}
