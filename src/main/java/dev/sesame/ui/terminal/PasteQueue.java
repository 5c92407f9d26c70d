package dev.sesame.ui.terminal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Pasted lines waiting to be sent, one per turn of the interface's loop so the screen stays live
 * while they go. A line leaves only once the outboxes have room for it (back-pressure,
 * docs/HEADLESS.md "Back-pressure"): a long paste is slowed to the links' pace instead of losing
 * lines to {@code outbox_full}. Confined to the UI thread.
 */
final class PasteQueue {
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    /** Room asked for and not yet given; null when none was asked for. */
    private CompletableFuture<Void> room;

    void addAll(List<String> pasted) {
        lines.addAll(pasted);
    }

    int size() {
        return lines.size();
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /**
     * The next line, if there is one and room for it. Otherwise empty, and once the room asked
     * for comes {@code wake} runs (on whatever thread gives the room), so the loop turns again.
     * A request for room that fails (the mesh closed, after a panic) lets the line go: the chat
     * then says what became of it, as for a typed line.
     */
    Optional<String> next(Supplier<CompletableFuture<Void>> askForRoom, Runnable wake) {
        if (lines.isEmpty()) return Optional.empty();
        if (room == null) {
            room = askForRoom.get();
            if (!room.isDone()) {
                room.whenComplete((done, failure) -> wake.run());
                return Optional.empty();
            }
        } else if (!room.isDone()) {
            return Optional.empty();
        }
        room = null;
        return Optional.of(lines.poll());
    }
}
