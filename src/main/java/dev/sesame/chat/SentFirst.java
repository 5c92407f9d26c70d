package dev.sesame.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps an own message's {@code sent} ahead of every other event about it (docs/HEADLESS.md:
 * no event names an id before its {@code sent}). The mesh thread answers the sender, then
 * encrypts and hands the message on, while the sender's thread reports it sent. A receipt can
 * come back before that thread has run (a busy machine): its {@code delivered} waits here, and
 * leaves right after the {@code sent}. An interface that met the receipt first had no line to
 * mark, and the line stayed "sent" for good.
 *
 * <p>Thread-safe. An id waits from {@link #accepted} (on the mesh thread, before the hand-on) to
 * {@link #reportSent} (on the sender's thread, or on the mesh thread when the sender gave up
 * waiting), or until {@link #forget} (a panic). Each holds at most an event per recipient. Only
 * {@code delivered} and {@code undelivered} are ever held, and {@link #reportSent} writes while
 * it holds the lock: nothing it writes may wait for the mesh thread.
 */
final class SentFirst {
    private final Map<String, List<ChatEvent>> waiting = new HashMap<>();

    /** The mesh gave a message this id: events about it wait until {@link #reportSent}. */
    synchronized void accepted(String id) {
        waiting.putIfAbsent(id, new ArrayList<>());
    }

    /** Passes {@code event} to {@code ui}, unless it is about a message whose {@code sent} is not out yet. */
    void emit(ChatEvent event, Consumer<ChatEvent> ui) {
        String id = switch (event) {
            case ChatEvent.Delivered d -> d.id();
            case ChatEvent.Undelivered u -> u.id();
            default -> null;
        };
        if (id != null) {
            synchronized (this) {
                List<ChatEvent> held = waiting.get(id);
                if (held != null) {
                    held.add(event);
                    return;
                }
            }
        }
        ui.accept(event);
    }

    /** Drops {@code id} and what waited for it (its mesh is gone: a panic). */
    synchronized void forget(String id) {
        waiting.remove(id);
    }

    /** Drops every id and what waited (a panic replaced the mesh). */
    synchronized void forget() {
        waiting.clear();
    }

    /** Reports {@code id} sent through {@code report}, then whatever waited for it, in order. */
    synchronized void reportSent(String id, Runnable report, Consumer<ChatEvent> ui) {
        report.run();
        List<ChatEvent> held = waiting.remove(id);
        if (held != null) held.forEach(ui);
    }
}
