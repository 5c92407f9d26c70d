package dev.sesame.ratchet;

import dev.sesame.crypto.CryptoException;
import dev.sesame.crypto.Hashes;
import dev.sesame.crypto.Secret;
import dev.sesame.crypto.X25519KeyPair;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * All the state of one link's Double Ratchet, and the only place it changes.
 *
 * <p>Three transitions exist: {@link #encrypt} (one step of the sending chain), {@link #apply}
 * (commits a {@link ReceiveStep} that has already authenticated its record) and
 * {@link #completeTurn} (the sending half of a DH step). Whatever a transition supersedes (old
 * root, chain and ratchet keys, a used skipped key) is closed, so it is zero in memory at once.
 *
 * <p>A DH step is taken in two halves (docs/PROTOCOL.md §6). A record with a new remote ratchet
 * key commits the receiving half at once; the sending half (a fresh key pair, an agreement and
 * the new sending chain) waits until {@link #completeTurn}, which must run before the next
 * {@link #encrypt}. The keys are the same as if both halves ran together: nothing else touches
 * the root in between, because an honest peer cannot turn again before it has seen our new key
 * ({@link #turnPending}). Waiting takes an X25519 key generation and agreement off the path of
 * the message that brought the key: it reaches the reader before they run.
 *
 * <p>Not thread-safe: {@link DoubleRatchet} confines it behind its lock.
 */
final class RatchetState implements AutoCloseable {
    private final Direction sendingDirection;
    private final byte[] associatedData;
    private final SkippedKeys skipped;
    private final RemoteChains remoteChains;
    private RootKey root;
    private X25519KeyPair self;
    private RatchetPublicKey selfPublic;
    private RatchetPublicKey remote; // null until known (the responder learns it from the first record)
    private ChainKey sending; // null until the responder has received
    private ChainKey receiving; // null until the first record from the current remote key
    private long previousSendingLength;
    private boolean turnPending; // root holds the receiving half of a DH step; the sending half waits
    private boolean closed;

    /** Takes ownership of every secret passed in. */
    RatchetState(Direction sendingDirection, byte[] associatedData, RootKey root, X25519KeyPair self,
            Optional<RatchetPublicKey> remote, Optional<ChainKey> sending, Optional<ChainKey> receiving,
            long previousSendingLength, SkippedKeys skipped, RemoteChains remoteChains) {
        this.sendingDirection = sendingDirection;
        this.associatedData = associatedData.clone();
        this.root = root;
        this.self = self;
        this.selfPublic = RatchetPublicKey.ofOwn(self);
        this.remote = remote.orElse(null);
        this.sending = sending.orElse(null);
        this.receiving = receiving.orElse(null);
        this.previousSendingLength = previousSendingLength;
        this.skipped = skipped;
        this.remoteChains = remoteChains;
    }

    /** Seals one message with the next key of the sending chain; returns {@code header || ciphertext}. */
    byte[] encrypt(byte[] plaintext) {
        checkOpen();
        if (turnPending) throw new IllegalStateException("the sending half of a DH step must complete before encrypting");
        if (sending == null) throw new IllegalStateException("the responder cannot send before it has decrypted a record");
        // Keep every counter a u32: the next chain's header must be able to carry this chain's length.
        if (sending.index() >= RatchetHeader.MAX_COUNTER) throw new IllegalStateException("sending chain exhausted");
        byte[] header = new RatchetHeader(selfPublic, previousSendingLength, sending.index()).encode();
        byte[] ciphertext;
        try (MessageKeys keys = sending.messageKeys()) {
            ciphertext = keys.seal(plaintext, sendingDirection.associatedData(associatedData, header));
        }
        ChainKey next = sending.next();
        sending.close();
        sending = next;
        byte[] record = new byte[header.length + ciphertext.length];
        System.arraycopy(header, 0, record, 0, header.length);
        System.arraycopy(ciphertext, 0, record, header.length, ciphertext.length);
        return record;
    }

    /** Commits a step whose record has authenticated; takes what the step derived. */
    void apply(ReceiveStep step) {
        checkOpen();
        Optional<SkippedKeys.MessageId> used = step.skippedId();
        if (used.isPresent()) {
            skipped.remove(used.get());
            return;
        }
        RatchetHeader header = step.header();
        Optional<RootKey> halfStep = step.takeNewRoot();
        if (halfStep.isPresent()) {
            long end = receiving == null ? 0 : Math.max(header.previousChainLength(), receiving.index());
            remoteChains.advance(receiving == null ? Optional.empty() : Optional.of(remote), end, header.ratchetKey());
            remote = header.ratchetKey();
            root.close();
            root = halfStep.get();
            turnPending = true;
        }
        if (receiving != null) receiving.close();
        receiving = step.takeNewReceiving();
        for (SkippedKeys.MessageId evicted : skipped.addAll(step.takeNewSkipped())) remoteChains.noteEvicted(evicted);
    }

    /** True while the sending half of a DH step waits for {@link #completeTurn}. */
    boolean turnPending() {
        return turnPending;
    }

    /** Second half of a DH ratchet step: a fresh key pair and, from it, a new sending chain. No-op when none waits. */
    void completeTurn(SecureRandom random) {
        checkOpen();
        if (!turnPending) return;
        X25519KeyPair next = X25519KeyPair.generate(random);
        RootKey.Step step;
        try (Secret dh = agree(next, remote)) {
            step = root.step(dh);
        } catch (RuntimeException e) {
            next.close(); // wiped under us (a panic): the fresh key must not outlive the wipe
            throw e;
        }
        root.close();
        root = step.rootKey();
        turnPending = false;
        previousSendingLength = sending == null ? 0 : sending.index();
        if (sending != null) sending.close();
        sending = step.chainKey();
        self.close();
        self = next;
        selfPublic = RatchetPublicKey.ofOwn(next);
    }

    private static Secret agree(X25519KeyPair pair, RatchetPublicKey key) {
        try {
            return pair.agree(key.bytes());
        } catch (CryptoException e) {
            throw new AssertionError("this key already passed agreement with another of our keys", e);
        }
    }

    Direction receivingDirection() {
        return sendingDirection.opposite();
    }

    byte[] associatedData() {
        return associatedData.clone();
    }

    RootKey root() {
        return root;
    }

    X25519KeyPair self() {
        return self;
    }

    RatchetPublicKey selfPublic() {
        return selfPublic;
    }

    Optional<RatchetPublicKey> remote() {
        return Optional.ofNullable(remote);
    }

    Optional<ChainKey> sending() {
        return Optional.ofNullable(sending);
    }

    Optional<ChainKey> receiving() {
        return Optional.ofNullable(receiving);
    }

    SkippedKeys skipped() {
        return skipped;
    }

    RemoteChains remoteChains() {
        return remoteChains;
    }

    boolean isClosed() {
        return closed;
    }

    /** An independent copy of everything, secrets included (for tests that play an attacker). */
    RatchetState copy() {
        checkOpen();
        RatchetState copy = new RatchetState(sendingDirection, associatedData, root.copy(), self.copy(), remote(),
                sending().map(ChainKey::copy), receiving().map(ChainKey::copy), previousSendingLength,
                skipped.copy(), remoteChains.copy());
        copy.turnPending = turnPending;
        return copy;
    }

    /** SHA-256 over all of the state; secrets enter only as their one-way digests. */
    byte[] digest() {
        MessageDigest d = Hashes.newSha256();
        d.update("sesame/v1/ratchet-state".getBytes(StandardCharsets.US_ASCII));
        d.update(ByteBuffer.allocate(6).put(sendingDirection.value()).put((byte) (closed ? 1 : 0))
                .putInt(associatedData.length).array());
        d.update(associatedData);
        if (closed) return d.digest();
        d.update(root.digest());
        d.update(self.digest());
        d.update(selfPublic.bytes());
        d.update((byte) (remote == null ? 0 : 1));
        if (remote != null) d.update(remote.bytes());
        for (ChainKey chain : new ChainKey[] {sending, receiving}) {
            d.update(ByteBuffer.allocate(8).putLong(chain == null ? -1 : chain.index()).array());
            if (chain != null) d.update(chain.digest());
        }
        d.update(ByteBuffer.allocate(9).putLong(previousSendingLength).put((byte) (turnPending ? 1 : 0)).array());
        skipped.digestInto(d);
        remoteChains.digestInto(d);
        return d.digest();
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("ratchet is closed");
    }

    /** Zeroes every key; idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        root.close();
        self.close();
        if (sending != null) sending.close();
        if (receiving != null) receiving.close();
        skipped.close();
    }

    @Override
    public String toString() {
        return "RatchetState[" + sendingDirection + (closed ? ", closed" : "") + "]";
    }
}
