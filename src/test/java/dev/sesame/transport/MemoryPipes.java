package dev.sesame.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Two connected in-memory {@link Pipe}s, for tests that run TLS, the handshake and a link
 * without sockets. Writes never block (the queues are unbounded: fine for tests); reads honour
 * the read timeout; close ends the other side's reads; abort fails both sides' pending and
 * later reads and writes at once.
 */
public final class MemoryPipes {
    private MemoryPipes() {}

    /** {@code [dialer end, listener end]}. */
    public static Pipe[] pair(PipeSource dialerSeenAs, PipeSource listenerSeenAs) {
        Direction aToB = new Direction();
        Direction bToA = new Direction();
        End a = new End(bToA, aToB, listenerSeenAs, "memory-a");
        End b = new End(aToB, bToA, dialerSeenAs, "memory-b");
        a.other = b;
        b.other = a;
        return new Pipe[] {a, b};
    }

    /** One direction of the pair. */
    private static final class Direction {
        private static final byte[] END = new byte[0];
        private static final byte[] RESET = new byte[0];
        final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        volatile boolean writerClosed;
        volatile boolean reset;
    }

    private static final class End implements Pipe {
        private final Direction in;
        private final Direction out;
        private final PipeSource source;
        private final String label;
        End other;
        private volatile long readTimeoutMillis;
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        End(Direction in, Direction out, PipeSource source, String label) {
            this.in = in;
            this.out = out;
            this.source = source;
            this.label = label;
        }

        private final InputStream input = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                synchronized (End.this) {
                    while (position == current.length) {
                        if (in.reset) throw new SocketException("connection reset");
                        if (ended) return -1;
                        byte[] next;
                        try {
                            long timeout = readTimeoutMillis;
                            next = timeout > 0 ? in.chunks.poll(timeout, TimeUnit.MILLISECONDS) : in.chunks.take();
                        } catch (InterruptedException e) {
                            throw new InterruptedIOException();
                        }
                        if (next == null) throw new SocketTimeoutException("read timed out");
                        if (next == Direction.RESET) throw new SocketException("connection reset");
                        if (next == Direction.END) {
                            ended = true;
                            return -1;
                        }
                        current = next;
                        position = 0;
                    }
                    int n = Math.min(len, current.length - position);
                    System.arraycopy(current, position, b, off, n);
                    position += n;
                    return n;
                }
            }
        };

        private final OutputStream output = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (out.reset || out.writerClosed) throw new SocketException("pipe closed");
                if (len > 0) out.chunks.add(Arrays.copyOfRange(b, off, off + len));
            }
        };

        @Override
        public InputStream input() {
            return input;
        }

        @Override
        public OutputStream output() {
            return output;
        }

        @Override
        public PipeSource source() {
            return source;
        }

        @Override
        public Via via() {
            return Via.DIRECT;
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public void setReadTimeout(Duration timeout) {
            readTimeoutMillis = timeout.toMillis();
        }

        @Override
        public void close() {
            if (out.writerClosed) return;
            out.writerClosed = true;
            out.chunks.add(Direction.END);
            in.writerClosed = true; // our reads end too once drained
            in.chunks.add(Direction.END);
        }

        @Override
        public void abort() {
            for (Direction d : new Direction[] {in, out}) {
                d.reset = true;
                d.writerClosed = true;
                d.chunks.add(Direction.RESET);
            }
        }
    }
}
