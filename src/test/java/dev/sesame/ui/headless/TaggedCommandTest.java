package dev.sesame.ui.headless;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.chat.ChatEvent;
import dev.sesame.limits.Limits;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaggedCommandTest {
    @Test
    void aTagAndACommandParse() {
        assertThat(TaggedCommand.parse("{\"tag\":\"abc\",\"cmd\":\"/msg Bob hi\"}"))
                .isEqualTo(new TaggedCommand.Parsed.Ok(new TaggedCommand(Optional.of("abc"), "/msg Bob hi")));
        assertThat(TaggedCommand.parse(" { \"cmd\" : \"hello\" } "))
                .isEqualTo(new TaggedCommand.Parsed.Ok(new TaggedCommand(Optional.empty(), "hello")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{}", "{\"tag\":\"a\"}", "{\"cmd\":1}", "{\"cmd\":\"x\",\"cmd\":\"y\"}", "{\"cmd\":\"x\",\"extra\":\"y\"}",
            "{\"cmd\":{\"a\":\"b\"}}", "{\"cmd\":[\"x\"]}", "{\"cmd\":\"x\"} {}", "{\"cmd\":\"x\"} trailing", "{\"cmd\":null}",
            "{'cmd':'x'}", "{\"cmd\":\"x\",}", "[1]"})
    void anythingElseIsRefusedWithAReasonInOneLine(String line) {
        TaggedCommand.Parsed parsed = TaggedCommand.parse(line);
        assertThat(parsed).isInstanceOf(TaggedCommand.Parsed.Refused.class);
        assertThat(((TaggedCommand.Parsed.Refused) parsed).reason()).startsWith("invalid JSON command: ").doesNotContain("\n");
    }

    @Test
    void anOverlongTagIsRefused() {
        String tag = "t".repeat(Limits.MAX_TAG_CHARS + 1);
        assertThat(TaggedCommand.parse("{\"tag\":\"" + tag + "\",\"cmd\":\"x\"}")).isEqualTo(new TaggedCommand.Parsed.Refused(
                "invalid JSON command: \"tag\" is longer than " + Limits.MAX_TAG_CHARS + " characters"));
    }

    @Test
    void eventsOfATaggedCommandAndTheReceiptsOfItsMessagesCarryTheTag() throws Exception {
        EventTags tags = new EventTags();
        ChatEvent.Sent sent = new ChatEvent.Sent("m1", "hi", true, List.of("bb"), 0);
        assertThat(tags.during("abc", () -> tags.tagFor(sent))).contains("abc");
        assertThat(tags.during("abc", () -> tags.tagFor(new ChatEvent.Error("x")))).contains("abc");
        // Later, on another thread (the mesh's): the receipt for m1 is matched by its id.
        Optional<String>[] fromMesh = new Optional[2];
        Thread mesh = Thread.ofPlatform().start(() -> {
            fromMesh[0] = tags.tagFor(new ChatEvent.Delivered("m1", "bb"));
            fromMesh[1] = tags.tagFor(new ChatEvent.Message("m9", "bb", "FP", Optional.empty(), "unrelated", false, 0));
        });
        mesh.join();
        assertThat(fromMesh[0]).contains("abc");
        assertThat(fromMesh[1]).isEmpty();
        assertThat(tags.tagFor(new ChatEvent.Undelivered("m2", "bb", dev.sesame.mesh.UndeliveredReason.TIMEOUT))).isEmpty();
    }
}
