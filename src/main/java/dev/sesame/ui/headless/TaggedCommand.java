package dev.sesame.ui.headless;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import dev.sesame.limits.Limits;
import java.io.IOException;
import java.util.Optional;

/**
 * A stdin line that is a JSON object: {@code {"tag":"abc","cmd":"/msg Bob hi"}}. Parsed strictly
 * with Jackson's streaming parser (no data binding, docs/ARCHITECTURE.md): exactly one flat
 * object, string values only, {@code cmd} required, {@code tag} optional and at most
 * {@link Limits#MAX_TAG_CHARS} characters, no other field, no duplicate, nothing after it. The
 * line itself is already bounded by {@link Limits#MAX_INPUT_LINE_CHARS}. Anything else is a
 * one-line reason, never an exception.
 */
record TaggedCommand(Optional<String> tag, String cmd) {
    sealed interface Parsed {
        record Ok(TaggedCommand command) implements Parsed {}

        record Refused(String reason) implements Parsed {}
    }

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1)
                    .maxStringLength(Limits.MAX_INPUT_LINE_CHARS).maxNumberLength(32).build())
            .build();

    /** True for lines meant as JSON commands (after leading spaces, an opening brace). */
    static boolean looksLikeJson(String line) {
        return line.stripLeading().startsWith("{");
    }

    static Parsed parse(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return refused("expected one JSON object");
            String tag = null;
            String cmd = null;
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) return refused("\"" + field + "\" must be a string");
                switch (field) {
                    case "tag" -> tag = p.getText();
                    case "cmd" -> cmd = p.getText();
                    default -> {
                        return refused("unknown field \"" + shorten(field) + "\" (only \"tag\" and \"cmd\")");
                    }
                }
            }
            if (token != JsonToken.END_OBJECT) return refused("expected one JSON object");
            if (p.nextToken() != null) return refused("text after the JSON object");
            if (cmd == null) return refused("\"cmd\" is missing");
            if (tag != null && tag.length() > Limits.MAX_TAG_CHARS) {
                return refused("\"tag\" is longer than " + Limits.MAX_TAG_CHARS + " characters");
            }
            return new Parsed.Ok(new TaggedCommand(Optional.ofNullable(tag), cmd));
        } catch (StreamReadException e) {
            return refused("not valid JSON" + (e.getOriginalMessage() == null ? "" : ": " + shorten(e.getOriginalMessage())));
        } catch (IOException e) {
            return refused("not valid JSON");
        }
    }

    private static Parsed refused(String reason) {
        return new Parsed.Refused("invalid JSON command: " + reason);
    }

    private static String shorten(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }
}
