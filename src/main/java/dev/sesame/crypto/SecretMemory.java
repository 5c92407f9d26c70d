package dev.sesame.crypto;

import dev.sesame.os.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place where secret bytes live: off-heap memory, locked against swapping where the
 * OS allows, and zeroed on release and on {@link #wipeAll()}.
 *
 * <p>Small secrets (keys: at most {@link #SLOT_BYTES}) share page-aligned chunks cut into
 * slots, so thousands of keys cost a few locked pages rather than a page each (the default
 * {@code RLIMIT_MEMLOCK} for a normal user is only 8 MiB). Larger secrets (the phrase) get a
 * chunk of their own. Chunks are never returned to the OS: released slots are zeroed and reused.
 *
 * <p>Security guarantees: every byte handed out was zero before use and is zero after release;
 * {@link #wipeAll()} zeroes every chunk at once, whatever is still allocated, and makes any
 * later access fail. Not guaranteed: copies the JDK makes inside its own providers (see
 * {@code docs/SECURITY.md}). Thread-safe.
 */
public final class SecretMemory {
    static final int SLOT_BYTES = 64;
    private static final long CHUNK_BYTES = 64 * 1024;

    private static final SecretMemory GLOBAL = new SecretMemory();

    /** Lives as long as the process: released memory is reused, never unmapped. */
    private final Arena arena = Arena.ofShared();
    private final List<Chunk> chunks = new ArrayList<>();
    private final List<MemorySegment> large = new ArrayList<>();
    /** Large regions released and zeroed, ready for reuse. */
    private final List<MemorySegment> freeLarge = new ArrayList<>();
    /** Large regions handed out, by address of the slice the caller holds. */
    private final Map<Long, MemorySegment> largeInUse = new HashMap<>();
    private boolean wiped;
    private int live;
    private boolean allLocked = true;
    private String lockFailure;

    private SecretMemory() {}

    public static SecretMemory global() {
        return GLOBAL;
    }

    /** Whether every chunk so far is locked in RAM; when not, why. */
    public record LockStatus(boolean locked, Optional<String> failure) {}

    public synchronized LockStatus lockStatus() {
        return new LockStatus(allLocked, Optional.ofNullable(lockFailure));
    }

    /** Secrets currently allocated and not yet released. */
    public synchronized int liveSecrets() {
        return live;
    }

    public synchronized boolean isWiped() {
        return wiped;
    }

    /**
     * Zeroes every byte of secret memory, allocated or not, and refuses all later use.
     * Used on exit and by the panic key; idempotent.
     */
    public synchronized void wipeAll() {
        for (Chunk chunk : chunks) chunk.segment.fill((byte) 0);
        for (MemorySegment segment : large) segment.fill((byte) 0);
        wiped = true;
    }

    /**
     * Reserves memory for the first secrets so that a locking failure is known (and can be
     * announced) at start, before any secret exists.
     */
    public synchronized void warmUp() {
        checkNotWiped();
        if (chunks.isEmpty()) chunks.add(newChunk());
    }

    synchronized MemorySegment allocate(int length) {
        checkNotWiped();
        if (length < 0) throw new IllegalArgumentException("length < 0: " + length);
        live++;
        if (length > SLOT_BYTES) {
            long size = roundUpToPages(length);
            MemorySegment segment = takeFreeLarge(size);
            if (segment == null) {
                segment = arena.allocate(size, NativeMemory.PAGE_ALIGNMENT);
                noteLock(NativeMemory.lock(segment));
                large.add(segment);
            }
            largeInUse.put(segment.address(), segment);
            return segment.asSlice(0, length);
        }
        for (Chunk chunk : chunks) {
            Optional<MemorySegment> slot = chunk.take(length);
            if (slot.isPresent()) return slot.get();
        }
        Chunk chunk = newChunk();
        chunks.add(chunk);
        return chunk.take(length).orElseThrow();
    }

    synchronized void release(MemorySegment segment) {
        segment.fill((byte) 0);
        live--;
        if (wiped) return;
        for (Chunk chunk : chunks) {
            if (chunk.give(segment)) return;
        }
        // A large secret: its (zeroed, locked) pages are kept for the next large secret, never unmapped.
        MemorySegment region = largeInUse.remove(segment.address());
        if (region != null) freeLarge.add(region);
    }

    private MemorySegment takeFreeLarge(long size) {
        for (Iterator<MemorySegment> it = freeLarge.iterator(); it.hasNext(); ) {
            MemorySegment candidate = it.next();
            if (candidate.byteSize() >= size) {
                it.remove();
                return candidate;
            }
        }
        return null;
    }

    synchronized void checkNotWiped() {
        if (wiped) throw new IllegalStateException("secret memory was wiped");
    }

    private Chunk newChunk() {
        MemorySegment segment = arena.allocate(CHUNK_BYTES, NativeMemory.PAGE_ALIGNMENT);
        noteLock(NativeMemory.lock(segment));
        return new Chunk(segment);
    }

    private void noteLock(NativeMemory.LockResult result) {
        if (!result.locked() && allLocked) {
            allLocked = false;
            lockFailure = result.detail();
        }
    }

    private static long roundUpToPages(long length) {
        long pages = (length + NativeMemory.PAGE_ALIGNMENT - 1) / NativeMemory.PAGE_ALIGNMENT;
        return pages * NativeMemory.PAGE_ALIGNMENT;
    }

    /** A locked chunk cut into fixed slots; a set bit marks a slot in use. */
    private static final class Chunk {
        private final MemorySegment segment;
        private final BitSet used = new BitSet();
        private final int slots;

        Chunk(MemorySegment segment) {
            this.segment = segment;
            this.slots = (int) (segment.byteSize() / SLOT_BYTES);
        }

        Optional<MemorySegment> take(int length) {
            int slot = used.nextClearBit(0);
            if (slot >= slots) return Optional.empty();
            used.set(slot);
            return Optional.of(segment.asSlice((long) slot * SLOT_BYTES, length));
        }

        boolean give(MemorySegment slice) {
            long offset = slice.address() - segment.address();
            if (offset < 0 || offset >= segment.byteSize()) return false;
            used.clear((int) (offset / SLOT_BYTES));
            return true;
        }
    }
}
