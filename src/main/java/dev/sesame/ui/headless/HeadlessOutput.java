package dev.sesame.ui.headless;

import dev.sesame.chat.ChatEvent;
import dev.sesame.chat.ChatService;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Where headless events go: each is written and flushed to stdout, and only then is a received
 * message reported shown, so that its sender gets a receipt (docs/SECURITY.md, "Honest ends").
 * When stdout breaks (its reader gone: EPIPE), nothing more is written or acknowledged and
 * {@code onLost} runs once, on a fresh thread, to end the node with a goodbye.
 */
public final class HeadlessOutput implements Consumer<ChatEvent> {
    private final JsonEventWriter writer;
    private final Consumer<UncheckedIOException> onLost;
    private final AtomicBoolean lost = new AtomicBoolean();
    private volatile ChatService chat;

    public HeadlessOutput(JsonEventWriter writer, Consumer<UncheckedIOException> onLost) {
        this.writer = writer;
        this.onLost = onLost;
    }

    /** The service whose messages this output acknowledges (set once it exists). */
    public void attach(ChatService chat) {
        this.chat = chat;
    }

    /** True once stdout has failed. */
    public boolean lost() {
        return lost.get();
    }

    @Override
    public void accept(ChatEvent event) {
        if (lost.get()) return;
        try {
            writer.write(event);
        } catch (UncheckedIOException e) {
            if (lost.compareAndSet(false, true)) {
                // Not on the caller's thread: that is often the mesh thread, which the goodbye needs.
                Thread.ofPlatform().name("stdout-lost").start(() -> onLost.accept(e));
            }
            return;
        }
        ChatService current = chat;
        if (event instanceof ChatEvent.Message message && current != null) current.displayed(message);
    }
}
