package dev.sesame.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An in-memory one-way byte stream between threads, for tests that must not use sockets. */
final class BytePipe {
    private static final byte[] END = new byte[0];
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private volatile long readTimeoutMillis;

    final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) {
            chunks.add(new byte[] {(byte) b});
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len > 0) chunks.add(java.util.Arrays.copyOfRange(b, off, off + len));
        }

        @Override
        public void close() {
            chunks.add(END);
        }
    };

    final InputStream in = new InputStream() {
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (position == current.length) {
                if (ended) return -1;
                byte[] next;
                try {
                    long timeout = readTimeoutMillis;
                    next = timeout > 0 ? chunks.poll(timeout, TimeUnit.MILLISECONDS) : chunks.take();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
                if (next == null) throw new SocketTimeoutException("read timed out");
                if (next == END) {
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
    };

    void setReadTimeoutMillis(long millis) {
        readTimeoutMillis = millis;
    }

    void close() {
        chunks.add(END);
    }
}
