package dev.sesame.ratchet;

import dev.sesame.crypto.CryptoException;
import dev.sesame.crypto.Secret;
import dev.sesame.limits.Limits;
import dev.sesame.ratchet.RatchetException.Reason;
import dev.sesame.ratchet.SkippedKeys.Entry;
import dev.sesame.ratchet.SkippedKeys.MessageId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything one incoming record would change, derived from the state without touching it:
 * the record's message key, keys of the messages it skips, the next receiving chain and, when
 * the record carries a new ratchet key, the root key after the receiving half of a DH step.
 *
 * <p>{@link DoubleRatchet#decrypt} opens the record with {@link #open}; only if that verifies does
 * {@link RatchetState#apply} take the derived values. {@link #close()} zeroes whatever was not
 * taken, so a rejected record leaves no trace, in the state or in memory.
 *
 * <p>Not thread-safe; lives for one call.
 */
final class ReceiveStep implements AutoCloseable {
    private final RatchetHeader header;
    private final MessageId skippedId; // non-null when the key comes from the store (not owned)
    private MessageKeys messageKeys;
    private List<Entry> newSkipped = new ArrayList<>();
    private ChainKey newReceiving;
    private RootKey newRoot;

    private ReceiveStep(RatchetHeader header, MessageId skippedId, MessageKeys storedKeys) {
        this.header = header;
        this.skippedId = skippedId;
        this.messageKeys = storedKeys;
    }

    /** Classifies the record against the state and derives what it needs; never changes the state. */
    static ReceiveStep prepare(RatchetState state, RatchetHeader header) throws RatchetException {
        RatchetPublicKey key = header.ratchetKey();
        long n = header.messageNumber();
        // While a turn waits, our current key is already on its way out (taken together, both halves
        // would have replaced it): a record under it gets the same answer as under any unknown key.
        if (key.equals(state.selfPublic()) && !state.turnPending()) {
            throw new RatchetException(Reason.REFLECTED, "record carries our own ratchet key");
        }
        MessageId id = new MessageId(key, n);
        Optional<MessageKeys> stored = state.skipped().find(id);
        if (stored.isPresent()) return new ReceiveStep(header, id, stored.get());
        if (state.remote().filter(key::equals).isPresent()) {
            ChainKey receiving = state.receiving()
                    .orElseThrow(() -> new RatchetException(Reason.DECRYPT_FAILED, "no receiving chain for this ratchet key"));
            if (n < receiving.index()) throw spent(state.remoteChains().find(key), n);
            checkSkip(receiving.index(), n);
            ReceiveStep step = new ReceiveStep(header, null, null);
            return step.deriving(() -> step.walk(receiving, false, key, n));
        }
        Optional<RemoteChains.Chain> retired = state.remoteChains().find(key);
        if (retired.isPresent()) throw spent(retired, n);
        if (state.turnPending()) {
            // The peer turns only on seeing our new key, and we have not sent it yet: no honest record
            // carries another key now. With both halves taken together this record would fail its tag.
            throw new RatchetException(Reason.DECRYPT_FAILED, "a second new ratchet key before ours was sent");
        }
        return prepareRatchet(state, header);
    }

    /** A new remote ratchet key: finish the current receiving chain, then the receiving half of a DH step. */
    private static ReceiveStep prepareRatchet(RatchetState state, RatchetHeader header) throws RatchetException {
        Optional<ChainKey> receiving = state.receiving();
        if (receiving.isPresent()) checkSkip(receiving.get().index(), header.previousChainLength());
        checkSkip(0, header.messageNumber());
        ReceiveStep step = new ReceiveStep(header, null, null);
        return step.deriving(() -> {
            if (receiving.isPresent()) {
                ChainKey end = step.skip(receiving.get(), state.remote().orElseThrow(), header.previousChainLength());
                if (end != receiving.get()) end.close();
            }
            RootKey.Step rootStep;
            try (Secret dh = state.self().agree(header.ratchetKey().bytes())) {
                rootStep = state.root().step(dh);
            } catch (CryptoException e) {
                throw new RatchetException(Reason.MALFORMED, "ratchet key rejected by X25519", e);
            }
            step.newRoot = rootStep.rootKey();
            step.walk(rootStep.chainKey(), true, header.ratchetKey(), header.messageNumber());
        });
    }

    /** Skips {@code from} to message {@code n}, then takes that message's key and the chain after it. */
    private void walk(ChainKey from, boolean ownsFrom, RatchetPublicKey key, long n) {
        ChainKey at = skip(from, key, n);
        if (ownsFrom && at != from) from.close();
        messageKeys = at.messageKeys();
        newReceiving = at.next();
        if (ownsFrom || at != from) at.close();
    }

    /** Stores the keys of messages [from.index(), until) as new skipped entries; returns the chain at {@code until}. */
    private ChainKey skip(ChainKey from, RatchetPublicKey key, long until) {
        ChainKey at = from;
        while (at.index() < until) {
            newSkipped.add(new Entry(new MessageId(key, at.index()), at.messageKeys()));
            ChainKey next = at.next();
            if (at != from) at.close();
            at = next;
        }
        return at;
    }

    private static void checkSkip(long next, long target) throws RatchetException {
        if (target - next > Limits.MAX_SKIP_PER_CHAIN) {
            throw new RatchetException(Reason.TOO_MANY_SKIPPED, "record would skip " + (target - next) + " messages");
        }
    }

    /** The key of message {@code n} is gone: used ({@code REPLAY}), or evicted or past the chain's end. */
    private static RatchetException spent(Optional<RemoteChains.Chain> chain, long n) {
        boolean evicted = chain.isPresent() && n < chain.get().evictedBelow();
        boolean pastEnd = chain.isPresent() && !chain.get().isOpen() && n >= chain.get().end();
        if (evicted || pastEnd) return new RatchetException(Reason.STALE_KEY, "message key is no longer kept");
        return new RatchetException(Reason.REPLAY, "message was already received");
    }

    @FunctionalInterface
    private interface Derivation {
        void run() throws RatchetException;
    }

    /** Runs {@code derivation}; on any failure zeroes what it made so far. */
    private ReceiveStep deriving(Derivation derivation) throws RatchetException {
        try {
            derivation.run();
            return this;
        } catch (RatchetException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Authenticates and decrypts the record body. */
    byte[] open(byte[] ciphertext, byte[] associatedData) throws RatchetException {
        try {
            return messageKeys.open(ciphertext, associatedData);
        } catch (CryptoException e) {
            throw new RatchetException(Reason.DECRYPT_FAILED, "record failed authentication", e);
        }
    }

    RatchetHeader header() {
        return header;
    }

    Optional<MessageId> skippedId() {
        return Optional.ofNullable(skippedId);
    }

    Optional<RootKey> takeNewRoot() {
        RootKey taken = newRoot;
        newRoot = null;
        return Optional.ofNullable(taken);
    }

    ChainKey takeNewReceiving() {
        ChainKey taken = newReceiving;
        newReceiving = null;
        return taken;
    }

    List<Entry> takeNewSkipped() {
        List<Entry> taken = newSkipped;
        newSkipped = new ArrayList<>();
        return taken;
    }

    /** Zeroes the message key (unless the store owns it) and everything not taken. */
    @Override
    public void close() {
        if (skippedId == null && messageKeys != null) messageKeys.close();
        messageKeys = null;
        takeNewSkipped().forEach(entry -> entry.keys().close());
        takeNewRoot().ifPresent(RootKey::close);
        ChainKey receiving = takeNewReceiving();
        if (receiving != null) receiving.close();
    }
}
