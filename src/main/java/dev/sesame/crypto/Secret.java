package dev.sesame.crypto;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Secret bytes of a fixed length (a key, a chain key, the phrase), held in
 * {@link SecretMemory}: off-heap, locked, zeroed when {@linkplain #close() closed}.
 *
 * <p>There is no public getter. Code outside this package passes secrets to the operations of
 * this package ({@link Hkdf}, {@link Hmac}, {@link MessageCipher}, ...); inside it, the only way
 * to the raw bytes is {@link #withBytes}, so every use can be found with one grep.
 *
 * <p>Security guarantees: {@link #toString()} never shows the bytes; {@link #contentEquals}
 * runs in constant time; after {@link #close()} the memory is zero and any use throws, and so
 * after {@link SecretMemory#wipeAll()} and, unless {@linkplain #pin() pinned}, after
 * {@link SecretMemory#wipeUnpinned()}.
 * Thread-safe for reading; closing while another thread reads is a caller bug.
 */
public final class Secret implements AutoCloseable {
    private final SecretMemory.Allocation allocation;
    private final MemorySegment memory;
    private final int length;
    private volatile boolean closed;
    private volatile boolean pinned;

    private Secret(int length) {
        this.allocation = SecretMemory.global().allocate(length);
        this.memory = allocation.segment();
        this.length = length;
    }

    /** A fresh secret of {@code length} random bytes. */
    public static Secret random(int length, SecureRandom random) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return copyAndWipe(bytes);
    }

    /** Moves {@code source} into secret memory and zeroes {@code source}. */
    public static Secret copyAndWipe(byte[] source) {
        try {
            Secret secret = new Secret(source.length);
            MemorySegment.copy(source, 0, secret.memory, ValueLayout.JAVA_BYTE, 0, source.length);
            return secret;
        } finally {
            Arrays.fill(source, (byte) 0);
        }
    }

    /** The concatenation of {@code parts}, as a new secret; the parts stay open. */
    public static Secret concat(Secret... parts) {
        int total = 0;
        for (Secret part : parts) total = Math.addExact(total, part.length());
        Secret joined = new Secret(total);
        long offset = 0;
        for (Secret part : parts) {
            part.checkOpen();
            MemorySegment.copy(part.memory, 0, joined.memory, offset, part.length);
            offset += part.length;
        }
        return joined;
    }

    public int length() {
        return length;
    }

    /** An independent copy, to be closed on its own. */
    public Secret copy() {
        return slice(0, length);
    }

    /** Bytes {@code [offset, offset + length)} as a new secret. */
    public Secret slice(int offset, int sliceLength) {
        checkOpen();
        if (offset < 0 || sliceLength < 0 || offset + sliceLength > length) {
            throw new IllegalArgumentException("slice [" + offset + ", +" + sliceLength + ") of " + length);
        }
        Secret part = new Secret(sliceLength);
        MemorySegment.copy(memory, offset, part.memory, 0, sliceLength);
        try {
            checkOpen(); // a panic wipe during the copy: the bytes may be another secret's by now
        } catch (IllegalStateException e) {
            part.close();
            throw e;
        }
        return part;
    }

    /** Constant-time comparison of contents. */
    public boolean contentEquals(Secret other) {
        return withBytes(mine -> other.withBytes(theirs -> MessageDigest.isEqual(mine, theirs)));
    }

    /**
     * SHA-256 of the bytes under a domain label. A digest of a 256-bit key reveals nothing
     * useful about it; tests and state comparisons use it to check two secrets for equality
     * without exposing them.
     */
    public byte[] digest() {
        return withBytes(bytes -> Hashes.sha256("sesame/v1/secret-digest".getBytes(), bytes));
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Keeps this secret through {@link SecretMemory#wipeUnpinned()}: the panic key with
     * {@code --panic rotate} wipes everything else, but the phrase key must survive for the
     * node to accept new peers. Only the phrase key is pinned.
     */
    public void pin() {
        checkOpen();
        SecretMemory.global().pin(allocation);
        pinned = true;
    }

    /** Zeroes and releases the memory; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        SecretMemory.global().release(allocation);
    }

    @Override
    public String toString() {
        return "Secret[" + length + " bytes" + (closed ? ", closed" : "") + "]";
    }

    /** Operation on a temporary heap copy of the secret bytes. */
    @FunctionalInterface
    interface BytesFunction<R> {
        R apply(byte[] bytes);
    }

    /**
     * THE access to the raw bytes: runs {@code fn} on a heap copy that is zeroed afterwards.
     * Package-private on purpose. {@code fn} must not keep the array.
     */
    <R> R withBytes(BytesFunction<R> fn) {
        checkOpen();
        byte[] copy = memory.toArray(ValueLayout.JAVA_BYTE);
        try {
            // Again after the copy: a panic wipe during it may have handed this slot to a new secret.
            checkOpen();
            return fn.apply(copy);
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("secret is closed");
        SecretMemory.global().checkUsable(allocation.epoch(), pinned);
    }
}
