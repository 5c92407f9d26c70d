package dev.sesame.ratchet;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * What we remember about the peer's recent ratchet keys: the current receiving chain's key and up
 * to {@code maxRetired} earlier ones, each with the length its chain ended at and how far
 * eviction of its skipped keys has reached.
 *
 * <p>This lets a late record be told apart precisely: a number below the chain's end whose key
 * is neither stored nor evicted was already decrypted ({@code REPLAY}); one whose key was evicted,
 * or that lies past the end the peer announced, is {@code STALE_KEY}. A key older than memory is
 * unknown and simply fails authentication. Public data only. Not thread-safe.
 */
final class RemoteChains {
    /** Chain end of the current chain, which has not ended. */
    static final long OPEN = -1;

    /** One remembered chain: its end ({@link #OPEN} while current) and the eviction watermark. */
    record Chain(long end, long evictedBelow) {
        boolean isOpen() {
            return end == OPEN;
        }
    }

    private final LinkedHashMap<RatchetPublicKey, Chain> chains = new LinkedHashMap<>();
    private final int maxRetired;

    RemoteChains(int maxRetired) {
        if (maxRetired < 0) throw new IllegalArgumentException("maxRetired < 0: " + maxRetired);
        this.maxRetired = maxRetired;
    }

    Optional<Chain> find(RatchetPublicKey key) {
        return Optional.ofNullable(chains.get(key));
    }

    /** The peer moved on: {@code previous} (if any) ended at {@code previousEnd}; {@code next} is current. */
    void advance(Optional<RatchetPublicKey> previous, long previousEnd, RatchetPublicKey next) {
        previous.ifPresent(key -> {
            Chain chain = chains.get(key);
            long evictedBelow = chain == null ? 0 : chain.evictedBelow();
            chains.put(key, new Chain(previousEnd, evictedBelow));
        });
        chains.put(next, new Chain(OPEN, 0));
        Iterator<RatchetPublicKey> oldest = chains.keySet().iterator();
        while (chains.size() > maxRetired + 1) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Records that the skipped key of {@code id} was evicted. */
    void noteEvicted(SkippedKeys.MessageId id) {
        chains.computeIfPresent(id.ratchetKey(),
                (key, chain) -> new Chain(chain.end(), Math.max(chain.evictedBelow(), id.messageNumber() + 1)));
    }

    int size() {
        return chains.size();
    }

    RemoteChains copy() {
        RemoteChains copy = new RemoteChains(maxRetired);
        copy.chains.putAll(chains);
        return copy;
    }

    void digestInto(MessageDigest digest) {
        digest.update(ByteBuffer.allocate(8).putInt(maxRetired).putInt(chains.size()).array());
        chains.forEach((key, chain) -> {
            digest.update(key.bytes());
            digest.update(ByteBuffer.allocate(16).putLong(chain.end()).putLong(chain.evictedBelow()).array());
        });
    }

    @Override
    public String toString() {
        return "RemoteChains[" + chains.size() + "]";
    }
}
