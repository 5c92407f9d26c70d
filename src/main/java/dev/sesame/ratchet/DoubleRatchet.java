package dev.sesame.ratchet;

import dev.sesame.crypto.CryptoException;
import dev.sesame.crypto.MessageCipher;
import dev.sesame.crypto.Secret;
import dev.sesame.crypto.SecretWipedException;
import dev.sesame.crypto.X25519KeyPair;
import dev.sesame.limits.Limits;
import dev.sesame.ratchet.RatchetException.Reason;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Signal's Double Ratchet for one link: each record gets a fresh one-time key, and each reply
 * mixes a new X25519 agreement into the keys.
 *
 * <p>Use: the dialer calls {@link #initiator} and may {@link #encrypt} at once; the listener calls
 * {@link #responder} and may encrypt only after its first successful {@link #decrypt}. Records
 * may arrive late, out of order or never; each is accepted at most once. A record is
 * {@code header (40 bytes) || ciphertext || tag}, authenticated with the associated data
 * {@code session AD || direction || header}.
 *
 * <p>Security guarantees:
 * <ul>
 * <li>Confidentiality and integrity of every record (ChaCha20-Poly1305 under a key used once);
 *     a record from another session or link, sent back to its sender, or changed in any bit
 *     is rejected.
 * <li>A rejected record changes nothing: {@link #decrypt} derives on the side and commits only
 *     after the tag verifies.
 * <li>Forward secrecy: a message key is deleted once used; superseded chain, root and ratchet
 *     keys are zeroed at once. Post-compromise security against an attacker who stole a state
 *     and then only listens: once both sides have each completed a DH ratchet step with fresh
 *     keys, the stolen state decrypts nothing new.
 * <li>Bounded memory: at most {@link Limits#MAX_SKIP_PER_CHAIN} keys skipped per chain by one
 *     record and {@link Limits#MAX_SKIPPED_KEYS} kept in all (oldest evicted).
 * </ul>
 * Not guaranteed: hiding when or how much people send (the cell layer does that).
 *
 * <p>Thread-safe: every method holds this ratchet's own lock. All keys live in
 * {@link Secret} memory; {@link #close()} zeroes them.
 */
public final class DoubleRatchet implements AutoCloseable {
    /** Largest plaintext whose record still fits {@link Limits#MAX_RECORD_BYTES}. */
    public static final int MAX_PLAINTEXT_BYTES = Limits.MAX_RECORD_BYTES - RatchetHeader.BYTES - MessageCipher.TAG_BYTES;

    private final Object lock = new Object();
    private final RatchetState state;
    private final SecureRandom random;

    private DoubleRatchet(RatchetState state, SecureRandom random) {
        this.state = state;
        this.random = random;
    }

    /**
     * Dialer side ("Alice"): sends first. Takes ownership of {@code rootKey} (closes it, also on failure).
     *
     * @throws IllegalArgumentException when {@code rootKey} is not 32 bytes
     * @throws RatchetException MALFORMED when the responder's key is not a valid X25519 public key
     */
    public static DoubleRatchet initiator(Secret rootKey, byte[] associatedData, byte[] responderRatchetPublicKey,
            SecureRandom random) throws RatchetException {
        try (RootKey initial = new RootKey(rootKey)) {
            Objects.requireNonNull(associatedData, "associatedData");
            Objects.requireNonNull(random, "random");
            RatchetPublicKey remote = RatchetPublicKey.of(responderRatchetPublicKey);
            X25519KeyPair self = X25519KeyPair.generate(random);
            RootKey.Step step;
            try (Secret dh = self.agree(remote.bytes())) {
                step = initial.step(dh);
            } catch (CryptoException e) {
                self.close();
                throw new RatchetException(Reason.MALFORMED, "responder ratchet key rejected by X25519", e);
            }
            return new DoubleRatchet(new RatchetState(Direction.INITIATOR_TO_RESPONDER, associatedData, step.rootKey(),
                    self, Optional.of(remote), Optional.of(step.chainKey()), Optional.empty(), 0, newSkippedKeys(),
                    newRemoteChains()), random);
        } finally {
            rootKey.close();
        }
    }

    /**
     * Listener side ("Bob"): its handshake X25519 key pair is its first ratchet key. Takes
     * ownership of {@code rootKey} and {@code ownRatchetKeyPair} (closes them on failure too).
     *
     * @throws IllegalArgumentException when {@code rootKey} is not 32 bytes
     */
    public static DoubleRatchet responder(Secret rootKey, byte[] associatedData, X25519KeyPair ownRatchetKeyPair,
            SecureRandom random) {
        try {
            Objects.requireNonNull(associatedData, "associatedData");
            Objects.requireNonNull(random, "random");
            return new DoubleRatchet(new RatchetState(Direction.RESPONDER_TO_INITIATOR, associatedData,
                    new RootKey(rootKey), ownRatchetKeyPair, Optional.empty(), Optional.empty(), Optional.empty(), 0,
                    newSkippedKeys(), newRemoteChains()), random);
        } catch (RuntimeException e) {
            rootKey.close();
            ownRatchetKeyPair.close();
            throw e;
        }
    }

    /**
     * Encrypts one message and returns its record ({@code encoded header || ciphertext+tag}).
     *
     * @throws RatchetException with {@link Reason#CLOSED} when closed or its keys were wiped, as {@link #decrypt} does
     * @throws IllegalArgumentException when {@code plaintext} is longer than {@link #MAX_PLAINTEXT_BYTES}
     * @throws IllegalStateException when the responder has not yet decrypted a record (a caller's bug)
     */
    public byte[] encrypt(byte[] plaintext) throws RatchetException {
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("plaintext is " + plaintext.length + " bytes, limit " + MAX_PLAINTEXT_BYTES);
        }
        synchronized (lock) {
            if (state.isClosed()) throw new RatchetException(Reason.CLOSED, "ratchet is closed");
            try {
                state.completeTurn(random);
                return state.encrypt(plaintext);
            } catch (SecretWipedException e) {
                throw new RatchetException(Reason.CLOSED, "ratchet keys were wiped", e);
            }
        }
    }

    /**
     * Decrypts one record. Transactional: on any failure the state is unchanged, byte for byte,
     * and every key derived on the way is zeroed.
     *
     * @throws RatchetException with the {@link Reason}: MALFORMED, REPLAY, REFLECTED,
     *     TOO_MANY_SKIPPED, STALE_KEY, DECRYPT_FAILED, or CLOSED
     */
    public byte[] decrypt(byte[] record) throws RatchetException {
        Objects.requireNonNull(record, "record");
        synchronized (lock) {
            if (state.isClosed()) throw new RatchetException(Reason.CLOSED, "ratchet is closed");
            if (record.length > Limits.MAX_RECORD_BYTES) throw new RatchetException(Reason.MALFORMED, "record too long");
            RatchetHeader header = RatchetHeader.decode(record);
            if (record.length < RatchetHeader.BYTES + MessageCipher.TAG_BYTES) {
                throw new RatchetException(Reason.MALFORMED, "record shorter than header and tag");
            }
            byte[] associatedData = state.receivingDirection().associatedData(state.associatedData(),
                    Arrays.copyOf(record, RatchetHeader.BYTES));
            byte[] ciphertext = Arrays.copyOfRange(record, RatchetHeader.BYTES, record.length);
            try (ReceiveStep step = ReceiveStep.prepare(state, header)) {
                byte[] plaintext = step.open(ciphertext, associatedData);
                state.apply(step);
                return plaintext;
            } catch (SecretWipedException e) {
                throw new RatchetException(Reason.CLOSED, "ratchet keys were wiped", e);
            }
        }
    }

    /**
     * Takes the sending half of a DH step now if one waits (see {@link RatchetState}), so that
     * the next {@link #encrypt} need not. A link's reader calls it after handing a message on,
     * which keeps the key generation and agreement off that message's way to its reader. Not
     * needed for correctness: {@link #encrypt} takes the half itself when it still waits.
     *
     * @throws RatchetException with {@link Reason#CLOSED} when closed or its keys were wiped
     */
    public void completePendingTurn() throws RatchetException {
        synchronized (lock) {
            if (state.isClosed()) throw new RatchetException(Reason.CLOSED, "ratchet is closed");
            try {
                state.completeTurn(random);
            } catch (SecretWipedException e) {
                throw new RatchetException(Reason.CLOSED, "ratchet keys were wiped", e);
            }
        }
    }

    /** Zeroes every key (root, chains, skipped message keys, DH private key). Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            state.close();
        }
    }

    @Override
    public String toString() {
        return "DoubleRatchet[" + state + "]";
    }

    private static SkippedKeys newSkippedKeys() {
        return new SkippedKeys(Limits.MAX_SKIPPED_KEYS);
    }

    private static RemoteChains newRemoteChains() {
        return new RemoteChains(Limits.MAX_REMEMBERED_RATCHET_KEYS);
    }

    // ---- Package-private hooks for tests and benchmarks ----

    /** Builds a ratchet around a state made by a test. */
    static DoubleRatchet ofState(RatchetState state, SecureRandom random) {
        return new DoubleRatchet(state, random);
    }

    /** SHA-256 over all of the state, secrets by their digests: equal digests mean equal states. */
    byte[] stateDigest() {
        synchronized (lock) {
            return state.digest();
        }
    }

    /** A deep, independent copy of the whole state, as an attacker who stole it would hold. */
    DoubleRatchet deepCopy() {
        synchronized (lock) {
            return new DoubleRatchet(state.copy(), random);
        }
    }

    /** Ids of the stored skipped message keys, oldest first. */
    List<SkippedKeys.MessageId> skippedKeyIds() {
        synchronized (lock) {
            return state.skipped().ids();
        }
    }

    /** Our current ratchet public key: the one the next record carries, unless a turn waits ({@link #completePendingTurn}). */
    byte[] currentRatchetPublicKey() {
        synchronized (lock) {
            return state.selfPublic().bytes();
        }
    }
}
