package dev.sesame.util;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Reads big-endian fields from a byte array that came from outside, checking every length
 * against what remains and against a caller's limit <em>before</em> allocating.
 * Not thread-safe.
 */
public final class ByteReader {
    private final byte[] data;
    private int position;

    public ByteReader(byte[] data) {
        this.data = data;
    }

    public int remaining() {
        return data.length - position;
    }

    public int u8() throws MalformedInputException {
        need(1);
        return data[position++] & 0xff;
    }

    public int u16() throws MalformedInputException {
        need(2);
        int value = ((data[position] & 0xff) << 8) | (data[position + 1] & 0xff);
        position += 2;
        return value;
    }

    public long u32() throws MalformedInputException {
        need(4);
        long value = 0;
        for (int i = 0; i < 4; i++) value = (value << 8) | (data[position + i] & 0xff);
        position += 4;
        return value;
    }

    public long u64() throws MalformedInputException {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) value = (value << 8) | (data[position + i] & 0xff);
        position += 8;
        return value;
    }

    /** Exactly {@code length} bytes. */
    public byte[] bytes(int length) throws MalformedInputException {
        need(length);
        byte[] out = new byte[length];
        System.arraycopy(data, position, out, 0, length);
        position += length;
        return out;
    }

    /** A field with a one-byte length prefix, at most {@code max} bytes. */
    public byte[] var8(int max, String field) throws MalformedInputException {
        return bounded(u8(), max, field);
    }

    /** A field with a two-byte length prefix, at most {@code max} bytes. */
    public byte[] var16(int max, String field) throws MalformedInputException {
        return bounded(u16(), max, field);
    }

    /** UTF-8 text with a two-byte length prefix; invalid UTF-8 is rejected, not replaced. */
    public String utf8Var16(int maxBytes, String field) throws MalformedInputException {
        return decodeUtf8(var16(maxBytes, field), field);
    }

    /** UTF-8 text with a one-byte length prefix. */
    public String utf8Var8(int maxBytes, String field) throws MalformedInputException {
        return decodeUtf8(var8(maxBytes, field), field);
    }

    /** Fails unless every byte was consumed: trailing data is never ignored. */
    public void end() throws MalformedInputException {
        if (remaining() != 0) {
            throw new MalformedInputException(MalformedInputException.Kind.MALFORMED, remaining() + " trailing bytes");
        }
    }

    private byte[] bounded(int length, int max, String field) throws MalformedInputException {
        if (length > max) {
            throw new MalformedInputException(MalformedInputException.Kind.TOO_LONG,
                    field + " is " + length + " bytes, limit " + max);
        }
        return bytes(length);
    }

    private void need(int length) throws MalformedInputException {
        if (length < 0 || length > remaining()) {
            throw new MalformedInputException(MalformedInputException.Kind.TRUNCATED, "input ends early");
        }
    }

    private static String decodeUtf8(byte[] bytes, String field) throws MalformedInputException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedInputException(MalformedInputException.Kind.MALFORMED, field + " is not UTF-8");
        }
    }
}
