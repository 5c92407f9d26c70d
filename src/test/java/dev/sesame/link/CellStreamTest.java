package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sesame.limits.Limits;
import dev.sesame.wire.Cell;
import dev.sesame.wire.CellCodec;
import dev.sesame.wire.Fragmenter;
import dev.sesame.wire.Reassembler;
import dev.sesame.wire.WireException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Cells read from a stream however the bytes are split: one at a time, or in random pieces. */
class CellStreamTest {
    /** Returns at most {@code max} bytes per read, the sizes drawn from {@code random}. */
    static final class ChoppyInputStream extends InputStream {
        private final InputStream in;
        private final Random random;
        private final int max;

        ChoppyInputStream(byte[] data, Random random, int max) {
            this.in = new ByteArrayInputStream(data);
            this.random = random;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, Math.min(len, 1 + random.nextInt(max)));
        }
    }

    private static SecureChannel over(InputStream in) {
        return channel(in, OutputStream.nullOutputStream());
    }

    private static SecureChannel channel(InputStream in, OutputStream out) {
        return new SecureChannel() {
            @Override public InputStream input() { return in; }
            @Override public OutputStream output() { return out; }
            @Override public byte[] exporter() { return new byte[32]; }
            @Override public PeerId remotePeerId() { return HandshakeTest.randomId(); }
            @Override public dev.sesame.transport.PipeSource source() { return new dev.sesame.transport.PipeSource.Tor(); }
            @Override public dev.sesame.transport.Via via() { return dev.sesame.transport.Via.DIRECT; }
            @Override public String label() { return "test"; }
            @Override public java.util.Optional<String> remoteHost() { return java.util.Optional.empty(); }
            @Override public void setReadTimeout(Duration timeout) {}
            @Override public void close() {}
            @Override public void abort() {}
        };
    }

    private static byte[] wire(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(CellCodec.encode(Cell.PADDING));
        for (Cell cell : Fragmenter.split(Cell.Type.RECORD, message)) out.writeBytes(CellCodec.encode(cell));
        return out.toByteArray();
    }

    private static byte[] readMessage(CellStream cells) throws IOException, WireException {
        Reassembler reassembler = new Reassembler();
        while (true) {
            Optional<Reassembler.Message> m = reassembler.accept(cells.read());
            if (m.isPresent()) return m.get().bytes();
        }
    }

    @Test
    void readsCellsDeliveredOneByteAtATime() throws Exception {
        byte[] message = new byte[3000];
        new Random(1).nextBytes(message);
        CellStream cells = new CellStream(over(new ChoppyInputStream(wire(message), new Random(2), 1)));
        assertThat(readMessage(cells)).isEqualTo(message);
    }

    @Property(tries = 100)
    void readsCellsDeliveredInRandomSplits(@ForAll long seed, @ForAll @IntRange(min = 1, max = 1500) int maxRead,
                                           @ForAll @IntRange(min = 0, max = 20_000) int length) throws Exception {
        byte[] message = new byte[length];
        new Random(seed).nextBytes(message);
        CellStream cells = new CellStream(over(new ChoppyInputStream(wire(message), new Random(seed), maxRead)));
        assertThat(readMessage(cells)).isEqualTo(message);
    }

    @Test
    void aConnectionThatEndsInsideACellIsATruncation() {
        byte[] partial = java.util.Arrays.copyOf(CellCodec.encode(Cell.PADDING), Limits.CELL_BYTES - 1);
        CellStream cells = new CellStream(over(new ByteArrayInputStream(partial)));
        assertThatThrownBy(cells::read).isInstanceOf(WireException.class)
                .extracting(e -> ((WireException) e).reason()).isEqualTo(WireException.Reason.TRUNCATED);
    }

    @Test
    void aConnectionThatEndsBetweenCellsIsAnOrdinaryEnd() {
        CellStream cells = new CellStream(over(new ByteArrayInputStream(new byte[0])));
        assertThatThrownBy(cells::read).isInstanceOf(EOFException.class);
    }

    @Test
    void eachCellIsOneWriteOfTheFixedSize() throws Exception {
        List<Integer> writes = new ArrayList<>();
        OutputStream recorder = new OutputStream() {
            @Override public void write(int b) { writes.add(1); }
            @Override public void write(byte[] b, int off, int len) { writes.add(len); }
        };
        SecureChannel channel = channel(InputStream.nullInputStream(), recorder);
        CellStream cells = new CellStream(channel);
        cells.write(Cell.PADDING);
        cells.write(new Cell(Cell.Type.RECORD, true, new byte[7]));
        assertThat(writes).containsExactly(Limits.CELL_BYTES, Limits.CELL_BYTES);
    }
}
