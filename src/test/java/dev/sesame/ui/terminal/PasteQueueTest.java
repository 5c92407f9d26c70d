package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A paste goes at the links' pace: a line leaves only when the outboxes have room (issue 12, back-pressure). */
class PasteQueueTest {
    private final PasteQueue queue = new PasteQueue();
    private final AtomicInteger wakes = new AtomicInteger();

    @Test
    void linesLeaveInOrderWhileThereIsRoom() {
        queue.addAll(List.of("one", "two"));
        assertThat(queue.next(() -> CompletableFuture.completedFuture(null), wakes::incrementAndGet)).contains("one");
        assertThat(queue.next(() -> CompletableFuture.completedFuture(null), wakes::incrementAndGet)).contains("two");
        assertThat(queue.next(() -> CompletableFuture.completedFuture(null), wakes::incrementAndGet)).isEmpty();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void withoutRoomNothingLeavesUntilRoomComesAndThenTheLoopIsWokenOnce() {
        queue.addAll(List.of("one", "two"));
        CompletableFuture<Void> room = new CompletableFuture<>();
        AtomicInteger asked = new AtomicInteger();
        assertThat(queue.next(() -> { asked.incrementAndGet(); return room; }, wakes::incrementAndGet)).isEmpty();
        assertThat(queue.next(() -> { asked.incrementAndGet(); return room; }, wakes::incrementAndGet)).as("still no room").isEmpty();
        assertThat(asked).as("one request for room at a time").hasValue(1);
        assertThat(queue.size()).isEqualTo(2);
        assertThat(wakes).hasValue(0);

        room.complete(null);
        assertThat(wakes).hasValue(1);
        assertThat(queue.next(() -> new CompletableFuture<>(), wakes::incrementAndGet)).contains("one");
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void aFailedRequestForRoomLetsTheLineGoSoTheChatCanSayWhatBecameOfIt() {
        queue.addAll(List.of("after a panic"));
        CompletableFuture<Void> room = new CompletableFuture<>();
        assertThat(queue.next(() -> room, wakes::incrementAndGet)).isEmpty();
        room.completeExceptionally(new IllegalStateException("closed"));
        assertThat(wakes).hasValue(1);
        assertThat(queue.next(() -> room, wakes::incrementAndGet)).contains("after a panic");
    }
}
