package dev.sesame.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sesame.crypto.Secret;
import dev.sesame.crypto.X25519KeyPair;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Test fixture: an initiator and a responder that share a root key and associated data. */
final class RatchetPair implements AutoCloseable {
    static final byte[] DEFAULT_AD = "sesame/test/session-ad".getBytes(StandardCharsets.US_ASCII);

    final DoubleRatchet alice;
    final DoubleRatchet bob;

    private RatchetPair(DoubleRatchet alice, DoubleRatchet bob) {
        this.alice = alice;
        this.bob = bob;
    }

    static RatchetPair create(SecureRandom random) {
        return create(random, DEFAULT_AD, DEFAULT_AD);
    }

    /** A pair whose two sides were given different associated data (as if from two sessions). */
    static RatchetPair create(SecureRandom random, byte[] aliceAd, byte[] bobAd) {
        Secret root = Secret.random(32, random);
        Secret rootCopy = root.copy();
        X25519KeyPair bobKey = X25519KeyPair.generate(random);
        try {
            DoubleRatchet alice = DoubleRatchet.initiator(root, aliceAd, bobKey.publicKey(), random);
            return new RatchetPair(alice, DoubleRatchet.responder(rootCopy, bobAd, bobKey, random));
        } catch (RatchetException e) {
            throw new AssertionError(e);
        }
    }

    /** A deterministic generator, so that a failing run can be repeated. */
    static SecureRandom seededRandom(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Sends {@code message} from {@code from} to {@code to} and checks it arrives intact. */
    static void roundTrip(DoubleRatchet from, DoubleRatchet to, String message) throws RatchetException {
        byte[] record = from.encrypt(text(message));
        assertThat(new String(to.decrypt(record), StandardCharsets.UTF_8)).isEqualTo(message);
    }

    /** Asserts that {@code record} is refused for {@code reason} and leaves {@code to} unchanged. */
    static void assertRejected(DoubleRatchet to, byte[] record, RatchetException.Reason reason) {
        byte[] before = to.stateDigest();
        RatchetException e = catchThrowableOfType(RatchetException.class, () -> to.decrypt(record));
        assertThat(e).as("record should be rejected as %s", reason).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(to.stateDigest()).as("state after a rejected record").isEqualTo(before);
    }

    /** Asserts that {@code record} is refused, for whatever reason, and leaves {@code to} unchanged. */
    static RatchetException.Reason assertRejected(DoubleRatchet to, byte[] record) {
        byte[] before = to.stateDigest();
        RatchetException e = catchThrowableOfType(RatchetException.class, () -> to.decrypt(record));
        assertThat(e).as("record should be rejected").isNotNull();
        assertThat(to.stateDigest()).as("state after a rejected record").isEqualTo(before);
        return e.reason();
    }

    @Override
    public void close() {
        alice.close();
        bob.close();
    }
}
