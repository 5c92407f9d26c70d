package dev.sesame.ratchet;

import static dev.sesame.ratchet.RatchetPair.assertRejected;
import static dev.sesame.ratchet.RatchetPair.roundTrip;
import static dev.sesame.ratchet.RatchetPair.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sesame.limits.Limits;
import dev.sesame.ratchet.RatchetException.Reason;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoubleRatchetRejectionTest {
    private final SecureRandom random = RatchetPair.seededRandom(2);

    @Test
    void replayOfAnyEarlierRecordIsRejectedAsReplayAndChangesNothing() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            List<byte[]> toBob = new ArrayList<>();
            List<byte[]> toAlice = new ArrayList<>();
            for (int round = 0; round < 6; round++) {
                List<byte[]> burst = new ArrayList<>();
                for (int i = 0; i <= round; i++) burst.add(p.alice.encrypt(text("a" + round + "." + i)));
                for (int i = burst.size() - 1; i >= 0; i--) p.bob.decrypt(burst.get(i)); // reversed: uses skipped keys
                toBob.addAll(burst);
                for (int i = 0; i < 2; i++) {
                    byte[] record = p.bob.encrypt(text("b" + round + "." + i));
                    p.alice.decrypt(record);
                    toAlice.add(record);
                }
            }
            for (byte[] record : toBob) assertRejected(p.bob, record, Reason.REPLAY);
            for (byte[] record : toAlice) assertRejected(p.alice, record, Reason.REPLAY);
            roundTrip(p.alice, p.bob, "still fine after the replays");
        }
    }

    @Test
    void aRecordReflectedToItsOwnSenderIsRejected() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            byte[] fromAlice = p.alice.encrypt(text("to bob"));
            assertRejected(p.alice, fromAlice, Reason.REFLECTED);
            p.bob.decrypt(fromAlice);
            byte[] fromBob = p.bob.encrypt(text("to alice"));
            assertRejected(p.bob, fromBob, Reason.REFLECTED);
            p.alice.decrypt(fromBob);
            roundTrip(p.alice, p.bob, "next chain");
            // Once the sender has moved to a new ratchet key, its old records fail authentication.
            assertThat(assertRejected(p.alice, fromAlice)).isEqualTo(Reason.DECRYPT_FAILED);
            assertThat(assertRejected(p.bob, fromBob)).isEqualTo(Reason.DECRYPT_FAILED);
        }
    }

    @Test
    void aRecordMovedToAnotherLinkOrSessionIsRejected() throws RatchetException {
        // Same root key and ratchet keys, other associated data: another link of the same session.
        try (RatchetPair otherAd = RatchetPair.create(random, text("link one"), text("link two"))) {
            assertRejected(otherAd.bob, otherAd.alice.encrypt(text("wrong link")), Reason.DECRYPT_FAILED);
        }
        // Another session altogether.
        try (RatchetPair one = RatchetPair.create(random); RatchetPair two = RatchetPair.create(random)) {
            assertRejected(two.bob, one.alice.encrypt(text("wrong session")), Reason.DECRYPT_FAILED);
            roundTrip(one.alice, one.bob, "start");
            roundTrip(two.alice, two.bob, "start");
            assertRejected(two.bob, one.alice.encrypt(text("wrong session, current chain")));
            assertRejected(two.alice, one.bob.encrypt(text("wrong session, other direction")));
        }
    }

    @Test
    void everySingleBitFlipInHeaderOrCiphertextIsRejectedAndChangesNothing() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            flipEveryBit(p.bob, p.alice.encrypt(text("first record: a new ratchet key for bob")), "first record: a new ratchet key for bob");
            flipEveryBit(p.bob, p.alice.encrypt(text("same chain")), "same chain");
            p.alice.encrypt(text("skipped"));
            flipEveryBit(p.bob, p.alice.encrypt(text("after a gap")), "after a gap");
            flipEveryBit(p.bob, p.alice.encrypt(text("")), "");
            flipEveryBit(p.alice, p.bob.encrypt(text("reply: a new ratchet key for alice")), "reply: a new ratchet key for alice");
            flipEveryBit(p.bob, p.alice.encrypt(text("alice's second chain")), "alice's second chain");
        }
    }

    private static void flipEveryBit(DoubleRatchet to, byte[] record, String plaintext) throws RatchetException {
        for (int bit = 0; bit < record.length * 8; bit++) {
            byte[] flipped = record.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertRejected(to, flipped);
        }
        assertThat(to.decrypt(record)).isEqualTo(text(plaintext));
    }

    @Test
    void aMessageNumberPastTheSkipLimitIsRejectedAndChangesNothing() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            for (int i = 0; i < Limits.MAX_SKIP_PER_CHAIN + 1; i++) p.alice.encrypt(text("lost"));
            byte[] tooFar = p.alice.encrypt(text("too far"));
            assertRejected(p.bob, tooFar, Reason.TOO_MANY_SKIPPED);
            assertThat(p.bob.skippedKeyIds()).isEmpty();
        }
    }

    @Test
    void aPreviousChainLengthPastTheSkipLimitIsRejectedAndChangesNothing() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            roundTrip(p.alice, p.bob, "first");
            for (int i = 0; i < Limits.MAX_SKIP_PER_CHAIN + 1; i++) p.alice.encrypt(text("lost"));
            roundTrip(p.bob, p.alice, "reply");
            byte[] newChain = p.alice.encrypt(text("new chain announces a long previous chain"));
            assertThat(RatchetHeader.decode(newChain).previousChainLength()).isEqualTo(Limits.MAX_SKIP_PER_CHAIN + 2);
            assertRejected(p.bob, newChain, Reason.TOO_MANY_SKIPPED);
        }
    }

    @Test
    void aStaleRatchetKeyWhoseSkippedKeysWereEvictedIsRejected() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            roundTrip(p.alice, p.bob, "m0");
            List<byte[]> late = new ArrayList<>();
            for (int i = 1; i <= 5; i++) late.add(p.alice.encrypt(text("late " + i)));
            roundTrip(p.bob, p.alice, "reply");
            roundTrip(p.alice, p.bob, "second chain"); // bob now keeps 5 skipped keys of the first chain
            assertThat(p.bob.skippedKeyIds()).hasSize(5);
            // 2,000 more skipped keys push the first chain's keys out of the store.
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < Limits.MAX_SKIP_PER_CHAIN; i++) p.alice.encrypt(text("lost"));
                roundTrip(p.alice, p.bob, "after 1000 lost");
                roundTrip(p.bob, p.alice, "reply " + round);
            }
            assertThat(p.bob.skippedKeyIds()).hasSize(Limits.MAX_SKIPPED_KEYS);
            for (byte[] record : late) assertRejected(p.bob, record, Reason.STALE_KEY);
        }
    }

    @Test
    void aRecordPastTheEndOfARetiredChainIsRejectedAsStale() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            byte[] first = p.alice.encrypt(text("m0"));
            p.bob.decrypt(first);
            roundTrip(p.bob, p.alice, "reply");
            roundTrip(p.alice, p.bob, "second chain: the first ended at 1");
            byte[] forged = first.clone();
            ByteBuffer.wrap(forged).putInt(36, 7); // message 7 of a chain that ended at 1
            assertRejected(p.bob, forged, Reason.STALE_KEY);
        }
    }

    @Test
    void aRatchetKeyOlderThanMemoryIsRejected() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            roundTrip(p.alice, p.bob, "m0");
            byte[] late = p.alice.encrypt(text("late"));
            for (int i = 0; i <= Limits.MAX_REMEMBERED_RATCHET_KEYS + 1; i++) {
                roundTrip(p.bob, p.alice, "b" + i);
                roundTrip(p.alice, p.bob, "a" + i);
            }
            // Its skipped key is still stored, so it still arrives: forgetting the key name alone loses nothing.
            assertThat(p.bob.decrypt(late)).isEqualTo(text("late"));
            // A replay of it now looks like a brand new ratchet key and fails authentication.
            assertThat(assertRejected(p.bob, late)).isEqualTo(Reason.DECRYPT_FAILED);
        }
    }

    @Test
    void malformedRecordsAreRejected() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            byte[] good = p.alice.encrypt(text("good"));
            for (int length : new int[] {0, 1, RatchetHeader.BYTES - 1, RatchetHeader.BYTES, RatchetHeader.BYTES + 15}) {
                assertRejected(p.bob, Arrays.copyOf(good, length), Reason.MALFORMED);
            }
            assertRejected(p.bob, new byte[Limits.MAX_RECORD_BYTES + 1], Reason.MALFORMED);
            byte[] topBit = good.clone();
            topBit[31] |= (byte) 0x80; // the same point, non-canonically encoded
            assertRejected(p.bob, topBit, Reason.MALFORMED);
            byte[] zeroKey = good.clone();
            Arrays.fill(zeroKey, 0, 32, (byte) 0); // small order: X25519 output would be zero
            assertRejected(p.bob, zeroKey, Reason.MALFORMED);
            assertThat(p.bob.decrypt(good)).isEqualTo(text("good"));
        }
    }

    @Test
    void aRecordUnderTheRespondersHandshakeKeyIsRejectedByTheInitiator() {
        try (RatchetPair p = RatchetPair.create(random)) {
            byte[] forged = new byte[RatchetHeader.BYTES + 32];
            System.arraycopy(p.bob.currentRatchetPublicKey(), 0, forged, 0, 32);
            assertRejected(p.alice, forged, Reason.DECRYPT_FAILED);
        }
    }

    @Test
    void aClosedRatchetRefusesEverything() throws Exception {
        RatchetPair p = RatchetPair.create(random);
        byte[] record = p.alice.encrypt(text("sent before close"));
        p.close();
        p.close(); // idempotent
        assertRejected(p.bob, record, Reason.CLOSED);
        // encrypt refuses like decrypt does: a typed CLOSED, not an IllegalStateException a caller cannot tell from a bug
        assertThatThrownBy(() -> p.alice.encrypt(text("after close"))).isInstanceOfSatisfying(RatchetException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.CLOSED));
        assertThat(p.alice.toString()).contains("closed");
    }

    /**
     * A peer that turns twice before seeing our new key (only a lying member could): while our
     * sending half waits, a record under a second new key is refused and changes nothing, as
     * the textbook algorithm (both halves at once) would refuse it on its tag.
     */
    @Test
    void aSecondNewRatchetKeyBeforeOursWasSentIsRejected() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            roundTrip(p.alice, p.bob, "hello");
            roundTrip(p.bob, p.alice, "reply"); // alice's sending half now waits
            try (DoubleRatchet otherAlice = p.alice.deepCopy()) {
                byte[] sent = p.alice.encrypt(text("first turn"));
                byte[] secondTurn = otherAlice.encrypt(text("another fresh key")); // its own key pair
                assertThat(RatchetHeader.decode(secondTurn).ratchetKey()).isNotEqualTo(RatchetHeader.decode(sent).ratchetKey());
                assertThat(p.bob.decrypt(sent)).isEqualTo(text("first turn"));
                assertRejected(p.bob, secondTurn, Reason.DECRYPT_FAILED);
                p.bob.completePendingTurn();
                assertRejected(p.bob, secondTurn, Reason.DECRYPT_FAILED); // the textbook answer, on its tag
                roundTrip(p.bob, p.alice, "still fine");
            }
        }
    }
}
