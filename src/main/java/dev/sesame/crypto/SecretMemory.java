package dev.sesame.crypto;

import dev.sesame.os.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one place where secret bytes live: off-heap memory, locked against swapping where the
 * OS allows, and zeroed on release, on {@link #wipeAll()} and on {@link #wipeUnpinned()}.
 *
 * <p>Small secrets (keys: at most {@link #SLOT_BYTES}) share page-aligned chunks cut into
 * slots, so thousands of keys cost a few locked pages rather than a page each (the default
 * {@code RLIMIT_MEMLOCK} for a normal user is only 8 MiB). Larger secrets (the phrase) get a
 * chunk of their own. Chunks are never returned to the OS: released slots are zeroed and reused.
 *
 * <p>Every allocation carries the <em>epoch</em> it was made in. {@link #wipeUnpinned()} (the
 * panic key with {@code --panic rotate}) zeroes everything except the pinned secrets (the
 * phrase key) and starts a new epoch: a secret of an older epoch can never be read again, and
 * its slot may be reused at once without the old owner seeing the new bytes.
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
    /** Large regions released and zeroed, ready for reuse (a handshake uses one: they must not pile up). */
    private final List<MemorySegment> freeLarge = new ArrayList<>();
    /** Large regions handed out, by the address of the slice the caller holds. */
    private final Map<Long, MemorySegment> largeInUse = new HashMap<>();
    /** Base addresses of pinned, live allocations. */
    private final Set<Long> pinned = new HashSet<>();
    private volatile boolean wiped;
    private volatile long epoch;
    private int live;
    private boolean allLocked = true;
    private String lockFailure;

    /** Package-private: the process has one ({@link #global()}); tests make their own. */
    SecretMemory() {}

    public static SecretMemory global() {
        return GLOBAL;
    }

    /** One allocation: its memory and the epoch it belongs to. */
    record Allocation(MemorySegment segment, long epoch) {}

    /** Whether every chunk so far is locked in RAM; when not, why. */
    public record LockStatus(boolean locked, Optional<String> failure) {}

    public synchronized LockStatus lockStatus() {
        return new LockStatus(allLocked, Optional.ofNullable(lockFailure));
    }

    /** Secrets currently allocated and not yet released (after a wipe: the pinned ones only). */
    public synchronized int liveSecrets() {
        return live;
    }

    /** Bytes reserved for secrets (locked when {@link #lockStatus()} says so). */
    public synchronized long reservedBytes() {
        long total = chunks.size() * CHUNK_BYTES;
        for (MemorySegment segment : large) total += segment.byteSize();
        return total;
    }

    public boolean isWiped() {
        return wiped;
    }

    /**
     * Zeroes every byte of secret memory, allocated or not, pinned or not, and refuses all
     * later use. Used on every exit path and by the panic key; idempotent.
     */
    public synchronized void wipeAll() {
        wiped = true;
        for (Chunk chunk : chunks) chunk.segment.fill((byte) 0);
        for (MemorySegment segment : large) segment.fill((byte) 0);
        pinned.clear();
        live = 0;
    }

    /**
     * Zeroes every secret except the pinned ones and starts a new epoch: every secret
     * allocated before this call and not pinned becomes unusable (any access throws
     * {@link IllegalStateException}), and its memory is free for reuse. Used by the panic key
     * with {@code --panic rotate}, which must keep the phrase key to go on listening.
     */
    public synchronized void wipeUnpinned() {
        checkNotWiped();
        epoch++; // first: a reader that checks its epoch after copying sees the wipe
        for (Chunk chunk : chunks) chunk.wipeExcept(pinned);
        for (MemorySegment segment : large) {
            if (!pinned.contains(segment.address())) segment.fill((byte) 0);
        }
        for (Iterator<Map.Entry<Long, MemorySegment>> it = largeInUse.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, MemorySegment> entry = it.next();
            if (!pinned.contains(entry.getKey())) {
                freeLarge.add(entry.getValue());
                it.remove();
            }
        }
        live = pinned.size();
    }

    /** True when every byte of secret memory is zero (after {@link #wipeAll()}, for tests and checks). */
    public synchronized boolean allZero() {
        for (Chunk chunk : chunks) {
            if (!isZero(chunk.segment)) return false;
        }
        for (MemorySegment segment : large) {
            if (!isZero(segment)) return false;
        }
        return true;
    }

    /** True when every byte outside the pinned secrets is zero (after {@link #wipeUnpinned()}). */
    public synchronized boolean zeroExceptPinned() {
        for (Chunk chunk : chunks) {
            for (int slot = 0; slot < chunk.slots; slot++) {
                MemorySegment bytes = chunk.slot(slot);
                if (!pinned.contains(bytes.address()) && !isZero(bytes)) return false;
            }
        }
        for (MemorySegment segment : large) {
            if (!pinned.contains(segment.address()) && !isZero(segment)) return false;
        }
        return true;
    }

    /**
     * Reserves memory for the first secrets so that a locking failure is known (and can be
     * announced) at start, before any secret exists.
     */
    public synchronized void warmUp() {
        checkNotWiped();
        if (chunks.isEmpty()) chunks.add(newChunk());
    }

    synchronized Allocation allocate(int length) {
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
            return new Allocation(segment.asSlice(0, length), epoch);
        }
        for (Chunk chunk : chunks) {
            Optional<MemorySegment> slot = chunk.take(length);
            if (slot.isPresent()) return new Allocation(slot.get(), epoch);
        }
        Chunk chunk = newChunk();
        chunks.add(chunk);
        return new Allocation(chunk.take(length).orElseThrow(), epoch);
    }

    /** Marks a live allocation to survive {@link #wipeUnpinned()}. */
    synchronized void pin(Allocation allocation) {
        checkUsable(allocation.epoch(), false);
        pinned.add(allocation.segment().address());
    }

    synchronized void release(Allocation allocation) {
        MemorySegment segment = allocation.segment();
        if (wiped) {
            segment.fill((byte) 0);
            return;
        }
        boolean wasPinned = pinned.remove(segment.address());
        // An allocation from before a wipe was zeroed and freed then; its slot may be someone else's now.
        if (!wasPinned && allocation.epoch() != epoch) return;
        segment.fill((byte) 0);
        live--;
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

    /** Throws unless memory of {@code allocationEpoch} may still be read. Lock-free: called on every access. */
    void checkUsable(long allocationEpoch, boolean isPinned) {
        if (wiped) throw new SecretWipedException("secret memory was wiped");
        if (!isPinned && allocationEpoch != epoch) throw new SecretWipedException("secret was wiped by a panic");
    }

    void checkNotWiped() {
        if (wiped) throw new SecretWipedException("secret memory was wiped");
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

    private static boolean isZero(MemorySegment segment) {
        for (long i = 0; i < segment.byteSize(); i++) {
            if (segment.get(ValueLayout.JAVA_BYTE, i) != 0) return false;
        }
        return true;
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

        MemorySegment slot(int index) {
            return segment.asSlice((long) index * SLOT_BYTES, SLOT_BYTES);
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

        /** Zeroes and frees every slot whose address is not in {@code keep}. */
        void wipeExcept(Set<Long> keep) {
            for (int index = 0; index < slots; index++) {
                MemorySegment bytes = slot(index);
                if (keep.contains(bytes.address())) continue;
                bytes.fill((byte) 0);
                used.clear(index);
            }
        }
    }
}
