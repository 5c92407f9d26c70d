package dev.sesame.relay;

import dev.sesame.limits.Limits;
import dev.sesame.link.TlsChannel;
import dev.sesame.util.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies the bytes of two spliced pipe connections both ways, one virtual thread per direction,
 * record by record (a TLS read returns at most one record, so each record the relay sends on
 * carries exactly what one record brought: the members' equal-size cells stay equal-size).
 * Nothing is kept: a buffer of one record per direction. Each direction is held to
 * {@link Limits#RELAY_PIPE_BYTES_PER_SECOND} by reading later, never by dropping. The pipe ends
 * when either side ends or when no byte moved either way for {@link Limits#RELAY_IDLE_TIMEOUT}.
 */
final class Splicer {
    /** Joins two pipe connections; the relay uses {@link Splicer}, tests may put a hostile relay's splice in. */
    interface Factory {
        void splice(TlsChannel a, TlsChannel b, Clock clock, Runnable ended);
    }

    static final Factory HONEST = (a, b, clock, ended) -> new Splicer(a, b, clock, ended).start();

    private static final int BUFFER_BYTES = 17 * 1024; // one TLS record's plaintext and some

    private final TlsChannel a;
    private final TlsChannel b;
    private final Clock clock;
    private final Runnable ended;
    private final AtomicLong lastActivityNanos;
    private final AtomicBoolean closed = new AtomicBoolean();
    final AtomicLong bytes = new AtomicLong();

    Splicer(TlsChannel a, TlsChannel b, Clock clock, Runnable ended) {
        this.a = a;
        this.b = b;
        this.clock = clock;
        this.ended = ended;
        this.lastActivityNanos = new AtomicLong(clock.nanoTime());
    }

    void start() {
        Thread.ofVirtual().name("splice").start(() -> pump(a, b));
        Thread.ofVirtual().name("splice").start(() -> pump(b, a));
    }

    private void pump(TlsChannel from, TlsChannel to) {
        TokenBucket rate = new TokenBucket(clock, Limits.RELAY_PIPE_BURST_BYTES, Limits.RELAY_PIPE_BYTES_PER_SECOND);
        byte[] buffer = new byte[BUFFER_BYTES];
        InputStream in = from.input();
        OutputStream out = to.output();
        try {
            from.setReadTimeout(Limits.RELAY_IDLE_TIMEOUT);
            while (!closed.get()) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    if (clock.nanoTime() - lastActivityNanos.get() >= Limits.RELAY_IDLE_TIMEOUT.toNanos()) break;
                    continue; // the other direction is busy: the pipe is not idle
                }
                if (n < 0) break;
                out.write(buffer, 0, n);
                out.flush();
                bytes.addAndGet(n);
                lastActivityNanos.set(clock.nanoTime());
                Duration wait = rate.take(n);
                if (!wait.isZero()) Thread.sleep(wait);
            }
        } catch (IOException e) {
            // one side went away: the pipe ends for both
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    void close() {
        if (!closed.compareAndSet(false, true)) return;
        a.close();
        b.close();
        ended.run();
    }
}
