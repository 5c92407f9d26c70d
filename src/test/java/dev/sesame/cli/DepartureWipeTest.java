package dev.sesame.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Leaving on a signal (docs/SECURITY.md, "Honest ends"): a repeated SIGHUP while the goodbye
 * runs is not taken as insisting, because a closing terminal hangs up twice (the kernel signals
 * its foreground group and the shell passes its own SIGHUP on); a second SIGTERM or SIGINT still
 * exits at once. A *WipeTest: leaving wipes the process's secret memory, so it runs on its own.
 */
class DepartureWipeTest {
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final CountDownLatch goodbyeMayEnd = new CountDownLatch(1);
    private final CountDownLatch goodbyeStarted = new CountDownLatch(1);
    private final LinkedBlockingQueue<String> exits = new LinkedBlockingQueue<>();

    private Departure departure() {
        return new Departure(() -> {
            goodbyeStarted.countDown();
            try {
                goodbyeMayEnd.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, () -> { }, err, code -> exits.add("after goodbye " + code), code -> exits.add("at once " + code));
    }

    @Test
    void aSecondHangupWhileSayingGoodbyeIsIgnoredAndTheGoodbyeEnds() throws Exception {
        Departure departure = departure();
        departure.leaveOnce("SIGHUP received", 129);
        assertThat(goodbyeStarted.await(10, TimeUnit.SECONDS)).isTrue();
        departure.leaveOnce("SIGHUP received", 129);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("SIGHUP received again; already saying goodbye");
        goodbyeMayEnd.countDown();
        assertThat(exits.poll(10, TimeUnit.SECONDS)).isEqualTo("after goodbye 129"); // not "at once"
    }

    @Test
    void aSecondTerminationSignalExitsAtOnce() throws Exception {
        Departure departure = departure();
        departure.leave("SIGTERM received", 143);
        assertThat(goodbyeStarted.await(10, TimeUnit.SECONDS)).isTrue();
        departure.leave("SIGTERM received", 143);
        assertThat(exits.poll(10, TimeUnit.SECONDS)).isEqualTo("at once 143");
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("SIGTERM received again; exiting now");
        goodbyeMayEnd.countDown();
    }
}
