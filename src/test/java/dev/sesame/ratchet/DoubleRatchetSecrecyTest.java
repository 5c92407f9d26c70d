package dev.sesame.ratchet;

import static dev.sesame.ratchet.RatchetPair.assertRejected;
import static dev.sesame.ratchet.RatchetPair.roundTrip;
import static dev.sesame.ratchet.RatchetPair.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sesame.crypto.Secret;
import dev.sesame.crypto.SecretMemory;
import dev.sesame.crypto.X25519KeyPair;
import dev.sesame.ratchet.RatchetException.Reason;
import dev.sesame.ratchet.SkippedKeys.MessageId;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DoubleRatchetSecrecyTest {
    private final SecureRandom random = RatchetPair.seededRandom(3);

    @Test
    void onceAMessageIsDecryptedItsKeyIsGoneFromTheState() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            List<byte[]> records = new ArrayList<>();
            for (int i = 0; i < 5; i++) records.add(p.alice.encrypt(text("m" + i)));
            RatchetPublicKey aliceKey = RatchetHeader.decode(records.get(0)).ratchetKey();
            p.bob.decrypt(records.get(4));
            assertThat(p.bob.skippedKeyIds()).containsExactly(
                    new MessageId(aliceKey, 0), new MessageId(aliceKey, 1), new MessageId(aliceKey, 2), new MessageId(aliceKey, 3));
            p.bob.decrypt(records.get(2));
            assertThat(p.bob.skippedKeyIds()).doesNotContain(new MessageId(aliceKey, 2)).hasSize(3);
            // Someone who steals the whole state now cannot read the messages already read.
            try (DoubleRatchet stolen = p.bob.deepCopy()) {
                assertThat(assertRejected(stolen, records.get(2))).isEqualTo(Reason.REPLAY);
                assertThat(assertRejected(stolen, records.get(4))).isEqualTo(Reason.REPLAY);
                assertThat(stolen.decrypt(records.get(1))).isEqualTo(text("m1")); // not yet read: still readable
            }
            for (int i : new int[] {0, 1, 3}) p.bob.decrypt(records.get(i));
            assertThat(p.bob.skippedKeyIds()).isEmpty();
        }
    }

    @Test
    void aStolenStateDecryptsNothingOnceBothSidesHaveCompletedADhRatchetStep() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            roundTrip(p.alice, p.bob, "before");
            roundTrip(p.bob, p.alice, "before, reply");
            try (DoubleRatchet attacker = p.bob.deepCopy()) {
                // The compromise is real: the copy reads what Alice sends next on her current keys...
                byte[] exposed = p.alice.encrypt(text("exposed"));
                assertThat(attacker.decrypt(exposed)).isEqualTo(text("exposed"));
                p.bob.decrypt(exposed);
                // ...until Bob and then Alice have each stepped with fresh key pairs.
                roundTrip(p.bob, p.alice, "bob steps: fresh key");
                List<byte[]> afterHealing = new ArrayList<>();
                for (int i = 0; i < 3; i++) afterHealing.add(p.alice.encrypt(text("healed " + i)));
                for (byte[] record : afterHealing) {
                    assertRejected(attacker, record);
                    assertThat(p.bob.decrypt(record)).isNotEmpty();
                }
            }
        }
    }

    @Test
    void closeReleasesEverySecretTheRatchetHeld() throws RatchetException {
        int before = SecretMemory.global().liveSecrets();
        RatchetPair p = RatchetPair.create(random);
        for (int i = 0; i < 20; i++) p.alice.encrypt(text("lost " + i)); // fills bob's skipped-key store
        roundTrip(p.alice, p.bob, "after loss");
        for (int i = 0; i < 7; i++) p.bob.encrypt(text("lost reply " + i));
        roundTrip(p.bob, p.alice, "reply");
        DoubleRatchet copy = p.bob.deepCopy();
        assertThat(SecretMemory.global().liveSecrets()).isGreaterThan(before);
        p.close();
        copy.close();
        assertThat(SecretMemory.global().liveSecrets()).isEqualTo(before);
    }

    @Test
    void rejectedRecordsLeaveNoSecretBehind() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            roundTrip(p.alice, p.bob, "m0");
            roundTrip(p.bob, p.alice, "reply");
            for (int i = 0; i < 300; i++) p.alice.encrypt(text("lost"));
            byte[] farAhead = p.alice.encrypt(text("far ahead"));
            byte[] tampered = farAhead.clone();
            tampered[tampered.length - 1] ^= 1;
            int before = SecretMemory.global().liveSecrets();
            assertRejected(p.bob, tampered, Reason.DECRYPT_FAILED); // derived 300 skipped keys on the side
            byte[] ownRecord = p.bob.encrypt(text("x")); // one chain step: replaces one secret by one
            assertRejected(p.bob, ownRecord, Reason.REFLECTED);
            assertThat(SecretMemory.global().liveSecrets()).isEqualTo(before);
            assertThat(p.bob.decrypt(farAhead)).isEqualTo(text("far ahead"));
        }
    }

    @Test
    void closingAClosedOrFailedRatchetIsHarmlessAndOwnershipIsTakenOnFailure() {
        int before = SecretMemory.global().liveSecrets();
        Secret shortRoot = Secret.random(16, random);
        X25519KeyPair pair = X25519KeyPair.generate(random);
        assertThatThrownBy(() -> DoubleRatchet.responder(shortRoot, new byte[0], pair, random))
                .isInstanceOf(IllegalArgumentException.class);
        Secret root = Secret.random(32, random);
        assertThatThrownBy(() -> DoubleRatchet.initiator(root, new byte[0], new byte[32], random))
                .isInstanceOfSatisfying(RatchetException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        assertThat(root.isClosed()).isTrue();
        assertThat(SecretMemory.global().liveSecrets()).isEqualTo(before);
    }

    @Test
    void toStringNeverShowsKeyMaterial() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            roundTrip(p.alice, p.bob, "m0");
            assertThat(p.alice.toString()).isEqualTo("DoubleRatchet[RatchetState[INITIATOR_TO_RESPONDER]]");
            try (Secret key = Secret.copyAndWipe(HexFormat.of().parseHex("41".repeat(32)));
                 ChainKey chain = new ChainKey(key.copy(), 5); RootKey root = new RootKey(key.copy());
                 MessageKeys message = chain.messageKeys()) {
                for (Object o : List.of(chain, root, message)) assertThat(o.toString()).doesNotContain("41", "AAAA");
                assertThat(chain).hasToString("ChainKey[index=5]");
                assertThat(message).hasToString("MessageKeys[n=5]");
            }
        }
    }

    @Test
    void theSendingCounterNeverWraps() {
        SecureRandom r = random;
        X25519KeyPair self = X25519KeyPair.generate(r);
        RatchetState state = new RatchetState(Direction.INITIATOR_TO_RESPONDER, new byte[0], new RootKey(Secret.random(32, r)),
                self, Optional.empty(), Optional.of(new ChainKey(Secret.random(32, r), RatchetHeader.MAX_COUNTER - 1)),
                Optional.empty(), 0, new SkippedKeys(10), new RemoteChains(2));
        try (DoubleRatchet ratchet = DoubleRatchet.ofState(state, r)) {
            byte[] last = ratchet.encrypt(text("last"));
            assertThat(RatchetHeader.decode(last).messageNumber()).isEqualTo(RatchetHeader.MAX_COUNTER - 1);
            assertThatThrownBy(() -> ratchet.encrypt(text("one too many"))).isInstanceOf(IllegalStateException.class);
        } catch (RatchetException e) {
            throw new AssertionError(e);
        }
    }
}
