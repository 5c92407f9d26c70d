package dev.sesame.ratchet;

import static dev.sesame.ratchet.RatchetPair.roundTrip;
import static dev.sesame.ratchet.RatchetPair.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sesame.crypto.Secret;
import dev.sesame.crypto.X25519KeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DoubleRatchetRoundTripTest {
    private final SecureRandom random = RatchetPair.seededRandom(1);

    @Test
    void alternatingMessagesRoundTrip() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            for (int i = 0; i < 50; i++) {
                roundTrip(p.alice, p.bob, "alice " + i);
                roundTrip(p.bob, p.alice, "bob " + i);
            }
        }
    }

    @Test
    void tenThousandMessagesOneWayWithNoReplyAllArrive() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            for (int i = 0; i < 10_000; i++) roundTrip(p.alice, p.bob, "one way " + i);
            roundTrip(p.bob, p.alice, "finally a reply");
            for (int i = 0; i < 10_000; i++) roundTrip(p.bob, p.alice, "the other way " + i);
            assertThat(p.alice.skippedKeyIds()).isEmpty();
            assertThat(p.bob.skippedKeyIds()).isEmpty();
        }
    }

    @Test
    void burstsOfRandomLengthFromBothSidesRoundTrip() throws RatchetException {
        Random lengths = new Random(7);
        try (RatchetPair p = RatchetPair.create(random)) {
            for (int round = 0; round < 40; round++) {
                int aliceBurst = 1 + lengths.nextInt(30);
                for (int i = 0; i < aliceBurst; i++) roundTrip(p.alice, p.bob, "a" + round + "." + i);
                int bobBurst = 1 + lengths.nextInt(30);
                for (int i = 0; i < bobBurst; i++) roundTrip(p.bob, p.alice, "b" + round + "." + i);
            }
        }
    }

    @Test
    void crossingSendsRoundTripManyTimesInARow() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            roundTrip(p.alice, p.bob, "hello"); // the responder may send only after this
            for (int round = 0; round < 20; round++) {
                // Both sides send before either receives: both step their ratchets "at once".
                List<byte[]> fromAlice = List.of(p.alice.encrypt(text("a" + round + ".0")), p.alice.encrypt(text("a" + round + ".1")));
                List<byte[]> fromBob = List.of(p.bob.encrypt(text("b" + round + ".0")), p.bob.encrypt(text("b" + round + ".1")));
                for (int i = 0; i < 2; i++) {
                    assertThat(p.bob.decrypt(fromAlice.get(i))).isEqualTo(text("a" + round + "." + i));
                    assertThat(p.alice.decrypt(fromBob.get(i))).isEqualTo(text("b" + round + "." + i));
                }
            }
        }
    }

    @Test
    void outOfOrderDeliveryWithinTheWindowWorksInAnyPermutation() throws RatchetException {
        Random shuffle = new Random(11);
        for (int trial = 0; trial < 30; trial++) {
            try (RatchetPair p = RatchetPair.create(random)) {
                roundTrip(p.alice, p.bob, "start");
                roundTrip(p.bob, p.alice, "reply"); // both sides now have sending and receiving chains
                List<Integer> order = new ArrayList<>();
                List<byte[]> records = new ArrayList<>();
                // Two chains from Alice (a reply from Bob in between makes her ratchet).
                for (int i = 0; i < 8; i++) {
                    records.add(p.alice.encrypt(text("m" + i)));
                    order.add(i);
                }
                roundTrip(p.bob, p.alice, "interleaved reply");
                for (int i = 8; i < 16; i++) {
                    records.add(p.alice.encrypt(text("m" + i)));
                    order.add(i);
                }
                Collections.shuffle(order, shuffle);
                for (int i : order) assertThat(p.bob.decrypt(records.get(i))).isEqualTo(text("m" + i));
                assertThat(p.bob.skippedKeyIds()).isEmpty();
            }
        }
    }

    @Test
    void everyPermutationOfFourRecordsIsDelivered() throws RatchetException {
        for (List<Integer> order : permutations(List.of(0, 1, 2, 3))) {
            try (RatchetPair p = RatchetPair.create(random)) {
                List<byte[]> records = new ArrayList<>();
                for (int i = 0; i < 4; i++) records.add(p.alice.encrypt(text("m" + i)));
                for (int i : order) assertThat(p.bob.decrypt(records.get(i))).isEqualTo(text("m" + i));
            }
        }
    }

    @Test
    void lostRecordsDoNotStopLaterOnes() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            roundTrip(p.alice, p.bob, "first");
            for (int i = 0; i < 10; i++) p.alice.encrypt(text("lost " + i)); // never delivered
            roundTrip(p.alice, p.bob, "after the loss");
            for (int i = 0; i < 5; i++) p.bob.encrypt(text("lost reply " + i));
            roundTrip(p.bob, p.alice, "reply after the loss");
            for (int i = 0; i < 3; i++) p.alice.encrypt(text("lost again " + i));
            roundTrip(p.alice, p.bob, "new chain after the loss");
            assertThat(p.bob.skippedKeyIds()).hasSize(13);
            assertThat(p.alice.skippedKeyIds()).hasSize(5);
        }
    }

    @Test
    void skippingExactlyTheLimitIsAccepted() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            for (int i = 0; i < dev.sesame.limits.Limits.MAX_SKIP_PER_CHAIN; i++) p.alice.encrypt(text("lost"));
            roundTrip(p.alice, p.bob, "just within the window");
            assertThat(p.bob.skippedKeyIds()).hasSize(dev.sesame.limits.Limits.MAX_SKIP_PER_CHAIN);
        }
    }

    @Test
    void emptyAndLargestPlaintextsRoundTrip() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            assertThat(p.bob.decrypt(p.alice.encrypt(new byte[0]))).isEmpty();
            byte[] largest = new byte[DoubleRatchet.MAX_PLAINTEXT_BYTES];
            random.nextBytes(largest);
            byte[] record = p.alice.encrypt(largest);
            assertThat(record).hasSize(dev.sesame.limits.Limits.MAX_RECORD_BYTES);
            assertThat(p.bob.decrypt(record)).isEqualTo(largest);
            assertThatThrownBy(() -> p.alice.encrypt(new byte[DoubleRatchet.MAX_PLAINTEXT_BYTES + 1]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void concurrentSendersGetDistinctMessageNumbersAndEveryRecordArrives() throws Exception {
        try (RatchetPair p = RatchetPair.create(random)) {
            List<byte[]> records = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; i < 200; i++) records.add(p.alice.encrypt(text(thread + "/" + i)));
                    } catch (RatchetException e) {
                        throw new AssertionError(e);
                    }
                }));
            }
            for (Thread thread : threads) thread.join();
            java.util.Set<Long> numbers = new java.util.HashSet<>();
            for (byte[] record : records) numbers.add(RatchetHeader.decode(record).messageNumber());
            assertThat(numbers).hasSize(800);
            java.util.Set<String> received = new java.util.HashSet<>();
            for (byte[] record : records) received.add(new String(p.bob.decrypt(record), StandardCharsets.UTF_8));
            assertThat(received).hasSize(800).contains("0/0", "3/199");
        }
    }

    @Test
    void theResponderCannotSendBeforeItHasDecryptedARecord() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            assertThatThrownBy(() -> p.bob.encrypt(text("too early"))).isInstanceOf(IllegalStateException.class);
            roundTrip(p.alice, p.bob, "now you may");
            roundTrip(p.bob, p.alice, "thanks");
        }
    }

    @Test
    void aNewSendingChainAnnouncesANewRatchetKey() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            byte[] first = p.alice.encrypt(text("1"));
            byte[] second = p.alice.encrypt(text("2"));
            assertThat(RatchetHeader.decode(first).ratchetKey()).isEqualTo(RatchetHeader.decode(second).ratchetKey());
            p.bob.decrypt(first);
            p.bob.decrypt(second);
            p.alice.decrypt(p.bob.encrypt(text("reply")));
            RatchetHeader third = RatchetHeader.decode(p.alice.encrypt(text("3")));
            assertThat(third.ratchetKey()).isNotEqualTo(RatchetHeader.decode(first).ratchetKey());
            assertThat(third.previousChainLength()).isEqualTo(2);
            assertThat(third.messageNumber()).isZero();
        }
    }

    @Test
    void theFirstRecordFollowsTheSpecifiedKeySchedule() throws Exception {
        // Recomputes Alice's first message key from the outside, with the crypto package's primitives.
        byte[] ad = text("ad");
        Secret root = Secret.random(32, random);
        X25519KeyPair bobKey = X25519KeyPair.generate(random);
        try (Secret rootCopy = root.copy(); DoubleRatchet alice = DoubleRatchet.initiator(root, ad, bobKey.publicKey(), random)) {
            byte[] record = alice.encrypt(text("spec"));
            byte[] header = java.util.Arrays.copyOf(record, RatchetHeader.BYTES);
            byte[] body = java.util.Arrays.copyOfRange(record, RatchetHeader.BYTES, record.length);
            try (Secret dh = bobKey.agree(java.util.Arrays.copyOf(header, 32));
                 Secret okm = dev.sesame.crypto.Hkdf.derive(rootCopy, dh, "sesame/v1/ratchet-root", new byte[0], 64);
                 Secret chainKey = okm.slice(32, 32);
                 Secret messageKey = dev.sesame.crypto.Hmac.deriveSecret(chainKey, new byte[] {0x01})) {
                byte[] aad = new byte[ad.length + 1 + header.length];
                System.arraycopy(ad, 0, aad, 0, ad.length);
                aad[ad.length] = 0x01; // initiator to responder
                System.arraycopy(header, 0, aad, ad.length + 1, header.length);
                assertThat(new String(dev.sesame.crypto.MessageCipher.open(messageKey, body, aad), StandardCharsets.UTF_8))
                        .isEqualTo("spec");
            }
            assertThat(java.util.Arrays.copyOfRange(header, 32, 40)).containsOnly(0);
        } finally {
            bobKey.close();
        }
    }

    private static List<List<Integer>> permutations(List<Integer> items) {
        if (items.isEmpty()) return List.of(List.of());
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<Integer> rest = new ArrayList<>(items);
            Integer head = rest.remove(i);
            for (List<Integer> tail : permutations(rest)) {
                List<Integer> permutation = new ArrayList<>();
                permutation.add(head);
                permutation.addAll(tail);
                out.add(permutation);
            }
        }
        return out;
    }

    /**
     * The sending half of a DH step may wait for the next send (RatchetState): taken at once, as
     * the textbook algorithm does, or only when the link's reader or the next encrypt asks for it,
     * the records are the same bytes. Both pairs draw the same randomness in the same order.
     */
    @Test
    void theSendingHalfOfADhStepGivesTheSameRecordsTakenAtOnceOrAtTheNextSend() throws RatchetException {
        List<byte[]> atOnce = conversation(true);
        List<byte[]> atTheNextSend = conversation(false);
        assertThat(atTheNextSend).hasSameSizeAs(atOnce);
        for (int i = 0; i < atOnce.size(); i++) assertThat(atTheNextSend.get(i)).as("record %d", i).isEqualTo(atOnce.get(i));
    }

    private static List<byte[]> conversation(boolean turnAtOnce) throws RatchetException {
        List<byte[]> records = new ArrayList<>();
        try (RatchetPair p = RatchetPair.create(RatchetPair.seededRandom(42))) {
            int[] burst = {1, 3, 1, 2, 5, 1, 1, 4};
            for (int round = 0; round < burst.length; round++) {
                DoubleRatchet from = round % 2 == 0 ? p.alice : p.bob;
                DoubleRatchet to = round % 2 == 0 ? p.bob : p.alice;
                for (int i = 0; i < burst[round]; i++) {
                    byte[] record = from.encrypt(text("round " + round + " line " + i));
                    records.add(record);
                    to.decrypt(record);
                    if (turnAtOnce) to.completePendingTurn();
                }
            }
        }
        return records;
    }

    @Test
    void theReaderTakesTheWaitingHalfSoTheNextRecordCarriesTheKeyItMade() throws RatchetException {
        try (RatchetPair p = RatchetPair.create(random)) {
            byte[] handshakeKey = p.bob.currentRatchetPublicKey();
            roundTrip(p.alice, p.bob, "hello");
            assertThat(p.bob.currentRatchetPublicKey()).as("the sending half waits").isEqualTo(handshakeKey);
            p.bob.completePendingTurn();
            byte[] fresh = p.bob.currentRatchetPublicKey();
            assertThat(fresh).isNotEqualTo(handshakeKey);
            p.bob.completePendingTurn(); // nothing waits now: no second key
            assertThat(p.bob.currentRatchetPublicKey()).isEqualTo(fresh);
            byte[] reply = p.bob.encrypt(text("reply"));
            assertThat(RatchetHeader.decode(reply).ratchetKey().bytes()).isEqualTo(fresh);
            assertThat(p.alice.decrypt(reply)).isEqualTo(text("reply"));
        }
    }
}
