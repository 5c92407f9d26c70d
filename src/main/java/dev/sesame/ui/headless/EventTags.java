package dev.sesame.ui.headless;

import dev.sesame.chat.ChatEvent;
import dev.sesame.limits.Limits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which command caused an event, for {@code {"tag":"abc","cmd":"..."}} lines (docs/HEADLESS.md,
 * "Tagged commands"). While a tagged command runs on the stdin thread, every event emitted on
 * that thread carries its tag; a {@code sent} event's message id is remembered (the last
 * {@link Limits#MAX_TAGGED_MESSAGES}), so that the later {@code delivered}, {@code undelivered}
 * and {@code expired} events for it, which come from the mesh and timer threads, carry the tag
 * too. Thread-safe.
 */
final class EventTags {
    private final ThreadLocal<String> running = new ThreadLocal<>();
    private final Map<String, String> byMessage = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > Limits.MAX_TAGGED_MESSAGES;
        }
    };

    /** Runs {@code command} with {@code tag} on this thread's events. */
    <T> T during(String tag, Supplier<T> command) {
        running.set(tag);
        try {
            return command.get();
        } finally {
            running.remove();
        }
    }

    /** The tag for {@code event}, if a tagged command caused it. */
    Optional<String> tagFor(ChatEvent event) {
        String now = running.get();
        synchronized (byMessage) {
            if (now != null) {
                if (event instanceof ChatEvent.Sent sent) byMessage.put(sent.id(), now);
                return Optional.of(now);
            }
            String id = switch (event) {
                case ChatEvent.Delivered d -> d.id();
                case ChatEvent.Undelivered u -> u.id();
                case ChatEvent.Expired e -> e.id();
                default -> null;
            };
            return id == null ? Optional.empty() : Optional.ofNullable(byMessage.get(id));
        }
    }
}
