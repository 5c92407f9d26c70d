package dev.sesame.relay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.SesameProcess;
import java.time.Duration;
import java.util.function.Predicate;

/** Generous waits for the relay's multi-process tests: on a shared 2-core machine start-up alone (Argon2id) can take 20 s. */
final class Await {
    static final Duration LONG = Duration.ofSeconds(120);

    private Await() {}

    static JsonNode event(SesameProcess node, String event) {
        return event(node, event, e -> true);
    }

    static JsonNode event(SesameProcess node, String event, Predicate<JsonNode> test) {
        return node.awaitSince(0, e -> event.equals(e.path("event").asText()) && test.test(e), LONG);
    }

    static JsonNode eventSince(SesameProcess node, int mark, String event, Predicate<JsonNode> test) {
        return node.awaitSince(mark, e -> event.equals(e.path("event").asText()) && test.test(e), LONG);
    }

    static JsonNode message(SesameProcess node, String text) {
        return event(node, "message", e -> e.path("text").asText().equals(text));
    }
}
