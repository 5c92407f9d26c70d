package dev.sesame.ui.terminal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Esc, Ctrl-C and {@code /quit} ask first when leaving would lose something (a typed draft,
 * messages not yet delivered); pressed again within {@link #CONFIRM_NANOS}, they leave at once.
 * F12 never asks (the panic key must stay instant). Not thread-safe; confined to the UI thread.
 */
final class LeaveGuard {
    static final long CONFIRM_NANOS = 10_000_000_000L;

    private long armedAt;
    private boolean armed;

    /**
     * Empty: leave now. Otherwise the question to show; the next call within the confirmation
     * time leaves.
     */
    Optional<String> check(boolean draft, int undelivered, long nowNanos) {
        if (armed && nowNanos - armedAt < CONFIRM_NANOS) return Optional.empty();
        if (!draft && undelivered == 0) return Optional.empty();
        armed = true;
        armedAt = nowNanos;
        List<String> lost = new ArrayList<>();
        if (draft) lost.add("your draft is not sent");
        if (undelivered > 0) lost.add(undelivered + (undelivered == 1 ? " message is" : " messages are") + " not delivered yet");
        return Optional.of(String.join(" and ", lost) + ": press Esc (or Ctrl-C, or /quit) again to leave anyway");
    }

    /** Anything else typed disarms it. */
    void disarm() {
        armed = false;
    }
}
