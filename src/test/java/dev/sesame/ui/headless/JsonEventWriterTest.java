package dev.sesame.ui.headless;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesame.chat.ChatEvent;
import dev.sesame.util.Clock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonEventWriterTest {
    private final Clock clock = new Clock() {
        @Override public long nanoTime() { return 0; }
        @Override public Instant now() { return Instant.ofEpochMilli(1_700_000_000_123L); }
    };

    private String write(ChatEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonEventWriter(out, clock).write(event);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneObjectPerLineWithEventAndTimestamp() throws Exception {
        String line = write(new ChatEvent.PeerUp("ab", "FP", Optional.empty(), "127.0.0.1:9000", "in"));
        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        JsonNode node = new ObjectMapper().readTree(line);
        assertThat(node.path("event").asText()).isEqualTo("peer_up");
        assertThat(node.path("ts").asLong()).isEqualTo(1_700_000_000_123L);
        assertThat(node.path("name").isNull()).isTrue();
        assertThat(node.path("direction").asText()).isEqualTo("in");
    }

    @Test
    void peerTextWithTerminalControlsIsEscapedButSurvivesParsing() throws Exception {
        String hostile = "\u001b[2J\u001b]0;title\u0007\u009b31m\u007f\u202eevil\nsecond line\u2028";
        String line = write(new ChatEvent.Message("id", "from", "FP", Optional.of("n"), hostile, false, 0));
        String raw = line.substring(0, line.length() - 1);
        for (char c : raw.toCharArray()) {
            assertThat(c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x202e).as("raw char %04x", (int) c).isFalse();
        }
        assertThat(new ObjectMapper().readTree(line).path("text").asText()).isEqualTo(hostile);
    }

    @Test
    void listsAndNullsHaveTheirDocumentedShape() throws Exception {
        JsonNode sent = new ObjectMapper().readTree(write(new ChatEvent.Sent("id", "hi", false, List.of("a", "b"), 0)));
        assertThat(sent.path("to")).hasSize(2);
        assertThat(sent.path("ttl").isNull()).isTrue();
        JsonNode withTtl = new ObjectMapper().readTree(write(new ChatEvent.Sent("id", "hi", true, List.of(), 30)));
        assertThat(withTtl.path("ttl").asLong()).isEqualTo(30);
        assertThat(withTtl.path("private").asBoolean()).isTrue();
    }

    @Test
    void peerUpAndMessageListWhoseNamesLookAlike() throws Exception {
        JsonNode up = new ObjectMapper().readTree(write(new ChatEvent.PeerUp("ab", "FP", Optional.of("\u0410lice"),
                "127.0.0.1:9000", "in", List.of("cd", "ef"))));
        assertThat(up.path("confusable_with").toString()).isEqualTo("[\"cd\",\"ef\"]");
        JsonNode message = new ObjectMapper().readTree(write(new ChatEvent.Message("id", "ab", "FP", Optional.of("n"), "hi",
                false, 0)));
        assertThat(message.path("confusable_with").isArray()).isTrue();
        assertThat(message.path("confusable_with")).isEmpty();
    }
}
