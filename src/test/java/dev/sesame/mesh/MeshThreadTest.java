package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sesame.util.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real mesh loop: bounded without deadlock, and honest once closed. */
class MeshThreadTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != state) {
            assertThat(System.nanoTime()).as("%s reaching %s", thread, state).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void aPosterOtherThanTheLoopWaitsWhileTheQueueIsFullAndNothingIsLost() throws Exception {
        MeshThread loop = new MeshThread(Clock.SYSTEM, timer, 2, failures::add);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        loop.post(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        while (loop.queued() != 0) Thread.onSpinWait(); // the loop is now blocked in the first task
        assertThat(loop.post(ran::incrementAndGet)).isTrue();
        assertThat(loop.post(ran::incrementAndGet)).isTrue();
        Thread poster = Thread.ofPlatform().start(() -> loop.post(ran::incrementAndGet));
        awaitState(poster, Thread.State.WAITING);
        assertThat(loop.queued()).as("the full queue did not grow").isEqualTo(2);
        release.countDown();
        poster.join(10_000);
        CountDownLatch done = new CountDownLatch(1);
        loop.post(done::countDown);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasValue(3);
        loop.close();
    }

    @Test
    void theLoopRunsOnAPlatformDaemonThread() throws Exception {
        // A virtual mesh thread waited for a carrier behind junk TLS handshakes (docs/SECURITY.md §Junk connections).
        MeshThread loop = new MeshThread(Clock.SYSTEM, timer, failures::add);
        java.util.concurrent.CompletableFuture<Thread> ran = new java.util.concurrent.CompletableFuture<>();
        loop.post(() -> ran.complete(Thread.currentThread()));
        Thread thread = ran.get(10, TimeUnit.SECONDS);
        assertThat(thread.getName()).isEqualTo("mesh");
        assertThat(thread.isVirtual()).isFalse();
        assertThat(thread.isDaemon()).as("does not keep the process alive").isTrue();
        loop.close();
    }

    @Test
    void theLoopNeverWaitsForItselfWhenItPostsToAFullQueue() throws Exception {
        MeshThread loop = new MeshThread(Clock.SYSTEM, timer, 1, failures::add);
        CountDownLatch all = new CountDownLatch(50);
        loop.post(() -> {
            for (int i = 0; i < 50; i++) loop.post(all::countDown);
        });
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        loop.close();
    }

    @Test
    void afterCloseNothingNewIsAcceptedButWhatWasQueuedStillRuns() throws Exception {
        MeshThread loop = new MeshThread(Clock.SYSTEM, timer, 16, failures::add);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch queuedRan = new CountDownLatch(1);
        loop.post(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        loop.post(queuedRan::countDown);
        loop.close();
        assertThat(loop.post(() -> {})).as("post after close").isFalse();
        release.countDown();
        assertThat(queuedRan.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTaskThatThrowsIsReportedAndTheLoopGoesOn() throws Exception {
        MeshThread loop = new MeshThread(Clock.SYSTEM, timer, 16, failures::add);
        CountDownLatch after = new CountDownLatch(1);
        loop.post(() -> {
            throw new IllegalStateException("bug");
        });
        loop.post(after::countDown);
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).singleElement().isInstanceOf(IllegalStateException.class);
        loop.close();
    }

    @Test
    void leavingTwiceLeavesOnceAndBothCallersHearWhenItIsDone() throws Exception {
        Mesh mesh = new Mesh(dev.sesame.mesh.MeshConfig.defaults(), null, null, dev.sesame.link.TrafficShape.defaults(),
                Clock.SYSTEM, new java.security.SecureRandom(), timer, event -> {});
        try {
            var first = mesh.leave();
            var second = mesh.leave();
            assertThat(second).isSameAs(first);
            first.get(10, TimeUnit.SECONDS);
        } finally {
            mesh.close();
        }
    }

    @Test
    void aMeshClosedBeforeItAnswersFailsItsFuturesWithAClearReason() {
        Mesh mesh = new Mesh(dev.sesame.mesh.MeshConfig.defaults(), null, null, dev.sesame.link.TrafficShape.defaults(),
                Clock.SYSTEM, new java.security.SecureRandom(), timer, event -> {});
        mesh.close();
        var peers = mesh.peers();
        var send = mesh.sendChat("late", java.time.Duration.ZERO, Optional.empty());
        for (var future : List.of(peers, send)) {
            assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(MeshClosedException.class);
        }
    }

    /**
     * ChatService's SentFirst relies on this order: the callback learns the new id on the mesh
     * thread before the sender's future completes, so before any receipt for it can be handled.
     */
    @Test
    void sendChatTellsItsCallbackTheIdOnTheMeshThreadBeforeTheSenderHearsOfIt() throws Exception {
        Mesh mesh = new Mesh(dev.sesame.mesh.MeshConfig.defaults(), null, null, dev.sesame.link.TrafficShape.defaults(),
                Clock.SYSTEM, new java.security.SecureRandom(), timer, event -> {});
        try {
            var seen = new java.util.concurrent.CompletableFuture<String>();
            var future = new java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<Delivery.Accepted>>();
            java.util.concurrent.CountDownLatch posted = new java.util.concurrent.CountDownLatch(1);
            future.set(mesh.sendChat("hello", java.time.Duration.ZERO, Optional.empty(), accepted -> {
                try {
                    posted.await(10, TimeUnit.SECONDS); // the future is surely set before we look at it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.complete(Thread.currentThread().getName() + " " + future.get().isDone() + " " + accepted.id().hex());
            }));
            posted.countDown();
            Delivery.Accepted accepted = future.get().get(10, TimeUnit.SECONDS);
            assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("mesh false " + accepted.id().hex());
        } finally {
            mesh.close();
        }
    }
}
