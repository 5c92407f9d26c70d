package dev.sesame.ratchet;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The clear header in front of every record: the sender's current ratchet public key, the
 * length of the sender's previous sending chain, and this message's number in the current one.
 *
 * <p>Encoding: exactly {@link #BYTES} bytes, {@code key (32) || previous chain length (u32,
 * big-endian) || message number (u32, big-endian)}. Decoding is strict, so each header has
 * exactly one encoding and the bytes that are authenticated are the bytes that were parsed.
 */
record RatchetHeader(RatchetPublicKey ratchetKey, long previousChainLength, long messageNumber) {
    static final int BYTES = RatchetPublicKey.BYTES + 4 + 4;
    /** Largest value of a u32 counter. */
    static final long MAX_COUNTER = 0xFFFF_FFFFL;

    RatchetHeader {
        Objects.requireNonNull(ratchetKey, "ratchetKey");
        if (previousChainLength < 0 || previousChainLength > MAX_COUNTER) {
            throw new IllegalArgumentException("previousChainLength out of u32 range: " + previousChainLength);
        }
        if (messageNumber < 0 || messageNumber > MAX_COUNTER) {
            throw new IllegalArgumentException("messageNumber out of u32 range: " + messageNumber);
        }
    }

    byte[] encode() {
        return ByteBuffer.allocate(BYTES)
                .put(ratchetKey.bytes())
                .putInt((int) previousChainLength)
                .putInt((int) messageNumber)
                .array();
    }

    /** Parses the header at the start of {@code record}; the rest of the record is not looked at. */
    static RatchetHeader decode(byte[] record) throws RatchetException {
        if (record.length < BYTES) {
            throw new RatchetException(RatchetException.Reason.MALFORMED, "record shorter than its header");
        }
        ByteBuffer in = ByteBuffer.wrap(record, 0, BYTES);
        byte[] key = new byte[RatchetPublicKey.BYTES];
        in.get(key);
        long previous = Integer.toUnsignedLong(in.getInt());
        long number = Integer.toUnsignedLong(in.getInt());
        return new RatchetHeader(RatchetPublicKey.of(key), previous, number);
    }
}
