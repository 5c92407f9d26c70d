package dev.sesame.util;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes big-endian fields; the mirror of {@link ByteReader}. Not thread-safe. */
public final class ByteWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ByteWriter u8(int value) {
        check(value >= 0 && value <= 0xff, "u8", value);
        out.write(value);
        return this;
    }

    public ByteWriter u16(int value) {
        check(value >= 0 && value <= 0xffff, "u16", value);
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    public ByteWriter u32(long value) {
        check(value >= 0 && value <= 0xffffffffL, "u32", value);
        for (int shift = 24; shift >= 0; shift -= 8) out.write((int) (value >>> shift));
        return this;
    }

    public ByteWriter u64(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) out.write((int) (value >>> shift));
        return this;
    }

    public ByteWriter bytes(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    public ByteWriter var8(byte[] value) {
        return u8(value.length).bytes(value);
    }

    public ByteWriter var16(byte[] value) {
        return u16(value.length).bytes(value);
    }

    public ByteWriter utf8Var8(String value) {
        return var8(value.getBytes(StandardCharsets.UTF_8));
    }

    public ByteWriter utf8Var16(String value) {
        return var16(value.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private static void check(boolean ok, String type, long value) {
        if (!ok) throw new IllegalArgumentException(type + " out of range: " + value);
    }
}
