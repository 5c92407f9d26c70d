package dev.sesame.tor;

import dev.sesame.limits.Limits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads replies from tor's control port, strictly and within bounds (control-spec §2.3): every
 * line ends in CRLF and is at most {@link Limits#MAX_TOR_CONTROL_LINE_BYTES}; a reply has at
 * most {@link Limits#MAX_TOR_CONTROL_REPLY_LINES} lines counting its data blocks; status codes
 * are three digits and equal throughout a reply; control characters other than tab are refused.
 *
 * <p>Not thread-safe; confined to the control connection's reader thread.
 */
final class ControlReplyReader {
    private final InputStream in;

    ControlReplyReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next whole reply.
     *
     * @throws TorControlException {@code CLOSED} at end of stream, {@code PROTOCOL} on any violation
     */
    ControlReply read() throws IOException, TorControlException {
        List<ControlReply.Line> lines = new ArrayList<>();
        int status = -1;
        int budget = Limits.MAX_TOR_CONTROL_REPLY_LINES;
        while (true) {
            String line = readLine(lines.isEmpty());
            if (--budget < 0) throw protocol("reply longer than " + Limits.MAX_TOR_CONTROL_REPLY_LINES + " lines");
            if (line.length() < 4) throw protocol("short reply line");
            int code = parseStatus(line);
            if (status >= 0 && code != status) throw protocol("status changed within a reply");
            status = code;
            char separator = line.charAt(3);
            String text = line.substring(4);
            switch (separator) {
                case ' ' -> {
                    lines.add(new ControlReply.Line(text, Optional.empty()));
                    return new ControlReply(status, lines);
                }
                case '-' -> lines.add(new ControlReply.Line(text, Optional.empty()));
                case '+' -> {
                    StringBuilder data = new StringBuilder();
                    while (true) {
                        String dataLine = readLine(false);
                        if (--budget < 0) throw protocol("data block longer than the reply limit");
                        if (dataLine.equals(".")) break;
                        if (data.length() + dataLine.length() > Limits.MAX_TOR_CONTROL_LINE_BYTES) throw protocol("data block too long");
                        if (!data.isEmpty()) data.append('\n');
                        data.append(dataLine.startsWith(".") ? dataLine.substring(1) : dataLine);
                    }
                    lines.add(new ControlReply.Line(text, Optional.of(data.toString())));
                }
                default -> throw protocol("unknown separator after status");
            }
        }
    }

    private static int parseStatus(String line) throws TorControlException {
        int code = 0;
        for (int i = 0; i < 3; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') throw protocol("status is not three digits");
            code = code * 10 + (c - '0');
        }
        if (code < 100 || code > 699) throw protocol("status out of range");
        return code;
    }

    private String readLine(boolean atReplyStart) throws IOException, TorControlException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new TorControlException(TorControlException.Reason.CLOSED,
                        atReplyStart && line.size() == 0 ? "tor closed the control connection" : "tor closed the control connection mid-reply");
            }
            if (b == '\r') {
                if (in.read() != '\n') throw protocol("CR without LF");
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') throw protocol("LF without CR");
            if (b < 0x20 && b != '\t' || b == 0x7f) throw protocol("control character in a reply");
            if (line.size() >= Limits.MAX_TOR_CONTROL_LINE_BYTES) throw protocol("reply line longer than " + Limits.MAX_TOR_CONTROL_LINE_BYTES + " bytes");
            line.write(b);
        }
    }

    private static TorControlException protocol(String what) {
        return new TorControlException(TorControlException.Reason.PROTOCOL, "tor control protocol: " + what);
    }
}
