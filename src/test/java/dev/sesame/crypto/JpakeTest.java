package dev.sesame.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class JpakeTest {
    private final SecureRandom random = new SecureRandom();

    private Secret key(String s) {
        return Secret.copyAndWipe(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs rounds 1-2 and returns both participants ready for round 3. */
    private Jpake[] throughRound2(Secret keyA, Secret keyB) throws CryptoException {
        Jpake a = new Jpake("alice", keyA, random);
        Jpake b = new Jpake("bob", keyB, random);
        byte[] a1 = a.round1(), b1 = b.round1();
        a.receiveRound1(b1);
        b.receiveRound1(a1);
        byte[] a2 = a.round2(), b2 = b.round2();
        a.receiveRound2(b2);
        b.receiveRound2(a2);
        return new Jpake[] {a, b};
    }

    @Test
    void thePasswordIsTheLowerCaseHexThatHexFormatWouldGive() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) i;
        assertThat(new String(Jpake.lowerHex(bytes))).isEqualTo(java.util.HexFormat.of().formatHex(bytes));
    }

    @Test
    void samePhraseGivesTheSameKeyOnBothSides() throws CryptoException {
        Jpake[] p = throughRound2(key("correct horse"), key("correct horse"));
        byte[] a3 = p[0].round3(), b3 = p[1].round3();
        p[0].receiveRound3(b3);
        p[1].receiveRound3(a3);
        try (Secret ka = p[0].sharedKey(); Secret kb = p[1].sharedKey()) {
            assertThat(ka.contentEquals(kb)).isTrue();
            assertThat(ka.length()).isEqualTo(32);
        }
    }

    @Test
    void differentPhrasesFailAtRoundThreeOnBothSides() throws CryptoException {
        Jpake[] p = throughRound2(key("correct horse"), key("battery staple"));
        byte[] a3 = p[0].round3(), b3 = p[1].round3();
        assertThatThrownBy(() -> p[0].receiveRound3(b3)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("key confirmation");
        assertThatThrownBy(() -> p[1].receiveRound3(a3)).isInstanceOf(CryptoException.class);
    }

    @Test
    void sameParticipantIdIsRejected() {
        Jpake a = new Jpake("same", key("x"), random);
        Jpake b = new Jpake("same", key("x"), random);
        byte[] b1 = b.round1();
        a.round1();
        assertThatThrownBy(() -> a.receiveRound1(b1)).isInstanceOf(CryptoException.class);
    }

    @Test
    void everyFlippedBitOfRoundOneIsRejected() {
        Jpake source = new Jpake("bob", key("k"), random);
        byte[] round1 = source.round1();
        for (int i = 0; i < round1.length * 8; i++) {
            byte[] flipped = round1.clone();
            flipped[i / 8] ^= (byte) (1 << (i % 8));
            Jpake receiver = new Jpake("alice", key("k"), random);
            receiver.round1();
            int bit = i;
            assertThatThrownBy(() -> receiver.receiveRound1(flipped))
                    .as("bit %d", bit).isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void callsOutOfOrderAreProgrammerErrors() {
        Jpake a = new Jpake("alice", key("k"), random);
        assertThatThrownBy(a::round2).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(a::sharedKey).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void truncatedAndOversizedPayloadsAreRejected() {
        Jpake source = new Jpake("bob", key("k"), random);
        byte[] round1 = source.round1();
        Jpake receiver = new Jpake("alice", key("k"), random);
        receiver.round1();
        assertThatThrownBy(() -> receiver.receiveRound1(java.util.Arrays.copyOf(round1, round1.length - 1)))
                .isInstanceOf(CryptoException.class);
        Jpake receiver2 = new Jpake("alice", key("k"), random);
        receiver2.round1();
        assertThatThrownBy(() -> receiver2.receiveRound1(java.util.Arrays.copyOf(round1, round1.length + 1)))
                .isInstanceOf(CryptoException.class);
    }
}
