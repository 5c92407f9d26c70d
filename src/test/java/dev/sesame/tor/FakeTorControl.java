package dev.sesame.tor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Tor's side of a control connection, in memory: each command line the client writes is recorded
 * and answered at once with recorded reply bytes (from the script), and the test can push events
 * or end the stream (tor exiting) at any moment.
 */
final class FakeTorControl {
    private static final byte[] END = new byte[0];
    private final LinkedBlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
    private final Function<String, String> script;
    final List<String> commands = new CopyOnWriteArrayList<>();

    /** {@code script} maps a command line to the raw reply (lines with CRLF), or null for silence. */
    FakeTorControl(Function<String, String> script) {
        this.script = script;
    }

    /** Lines joined with CRLF, each line ending in CRLF. */
    static String reply(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    void push(String raw) {
        toClient.add(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Tor goes away: the client reads end of stream. */
    void exit() {
        toClient.add(END);
    }

    TorController controller(java.util.function.Consumer<TorEvent> events, java.time.Duration timeout) {
        return TorController.over(in, out, this::exit, events, new java.security.SecureRandom(), timeout);
    }

    final OutputStream out = new OutputStream() {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            if (b == '\n') {
                String command = line.toString(StandardCharsets.ISO_8859_1).replaceAll("\r$", "");
                line.reset();
                commands.add(command);
                String answer = script.apply(command);
                if (answer != null) push(answer);
            } else {
                line.write(b);
            }
        }
    };

    final InputStream in = new InputStream() {
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        @Override
        public int read() throws IOException {
            while (position == current.length) {
                if (ended) return -1;
                try {
                    current = toClient.take();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
                position = 0;
                if (current == END) {
                    ended = true;
                    return -1;
                }
            }
            return current[position++] & 0xff;
        }
    };
}
