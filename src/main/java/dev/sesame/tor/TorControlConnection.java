package dev.sesame.tor;

import dev.sesame.limits.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One control-port connection to tor: sends a command and waits for its reply, while a reader
 * thread hands asynchronous events (status 650) to a listener in order. When tor goes away the
 * listener gets one {@link TorEvent.ConnectionLost} and every waiting or later command fails with
 * {@code CLOSED}. Commands are sent one at a time (tor answers them in order). Thread-safe.
 */
final class TorControlConnection implements AutoCloseable {
    /** Put in the reply queue when the reader stops, so that a waiting command wakes up. */
    private static final ControlReply LOST = new ControlReply(599, java.util.List.of(new ControlReply.Line("lost", java.util.Optional.empty())));

    private final ControlReplyReader reader;
    private final OutputStream out;
    private final AutoCloseable underlying;
    private final Consumer<TorEvent> events;
    private final Duration replyTimeout;
    private final BlockingQueue<ControlReply> replies = new ArrayBlockingQueue<>(4);
    private volatile TorEvent.ConnectionLost lost;
    private volatile boolean closing;

    /**
     * Starts reading at once. {@code events} runs on the reader thread: it must return quickly.
     * {@code underlying} is closed by {@link #close()} (the socket).
     */
    TorControlConnection(InputStream in, OutputStream out, AutoCloseable underlying, Consumer<TorEvent> events, Duration replyTimeout) {
        this.reader = new ControlReplyReader(in);
        this.out = out;
        this.underlying = underlying;
        this.events = events;
        this.replyTimeout = replyTimeout;
        Thread.ofVirtual().name("tor-control").start(this::readLoop);
    }

    private void readLoop() {
        TorEvent.ConnectionLost end;
        try {
            while (true) {
                ControlReply reply = reader.read();
                if (reply.async()) {
                    TorEvent.parse(reply).ifPresent(events);
                } else if (!replies.offer(reply)) {
                    throw new TorControlException(TorControlException.Reason.PROTOCOL, "tor sent replies nobody asked for");
                }
            }
        } catch (TorControlException e) {
            end = new TorEvent.ConnectionLost(e.reason(), e.getMessage());
        } catch (IOException e) {
            end = new TorEvent.ConnectionLost(TorControlException.Reason.CLOSED, "control connection failed: " + e.getClass().getSimpleName());
        }
        lost = end;
        replies.clear();
        replies.offer(LOST);
        closeUnderlying();
        if (!closing) events.accept(end); // our own close is no news
    }

    /**
     * Sends one command line (without CRLF) and returns tor's reply, whatever its status.
     *
     * @throws TorControlException {@code CLOSED} if tor went away, {@code TIMEOUT} if it did not answer
     */
    synchronized ControlReply send(String command) throws TorControlException {
        if (command.indexOf('\r') >= 0 || command.indexOf('\n') >= 0) throw new IllegalArgumentException("a command is one line");
        checkOpen();
        try {
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new TorControlException(TorControlException.Reason.CLOSED, "cannot write to tor's control port", e);
        }
        ControlReply reply;
        try {
            reply = replies.poll(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TorControlException(TorControlException.Reason.CLOSED, "interrupted waiting for tor");
        }
        if (reply == null) {
            close(); // a late reply would be taken for the next command's: this connection is done
            throw new TorControlException(TorControlException.Reason.TIMEOUT, "tor did not answer within " + replyTimeout.toSeconds() + " s");
        }
        if (reply == LOST) {
            replies.offer(LOST);
            checkOpen();
        }
        return reply;
    }

    /** Like {@link #send} but any status other than 250 is {@code refusal}, with tor's message. */
    ControlReply expectOk(String command, TorControlException.Reason refusal) throws TorControlException {
        ControlReply reply = send(command);
        if (!reply.ok()) throw new TorControlException(refusal, reply.status() + " " + reply.firstText());
        return reply;
    }

    private void checkOpen() throws TorControlException {
        TorEvent.ConnectionLost end = lost;
        if (end != null) throw new TorControlException(end.reason(), end.detail());
    }

    boolean open() {
        return lost == null;
    }

    static Duration defaultTimeout() {
        return Limits.TOR_CONTROL_REPLY_TIMEOUT;
    }

    private void closeUnderlying() {
        try {
            underlying.close();
        } catch (Exception e) {
            // closing a control socket that already failed: nothing left to release
        }
    }

    @Override
    public void close() {
        closing = true;
        closeUnderlying();
    }
}
