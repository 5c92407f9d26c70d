package dev.sesame.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.SecureRandom;

/**
 * Fuzz target: the J-PAKE rounds inside the handshake flights, parsed from a peer that has not
 * proved the phrase yet (docs/PROTOCOL.md §5). Each round is fed after honest earlier rounds,
 * so the fuzzer reaches round 2 and 3 parsing; anything malformed or invalid ends in a
 * {@link CryptoException}, never another exception.
 */
class JpakeFuzzTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @FuzzTest
    void receiveRound(FuzzedDataProvider data) throws CryptoException {
        int round = data.consumeInt(1, 3);
        byte[] forged = data.consumeRemainingAsBytes();
        try (Secret key = Secret.copyAndWipe(new byte[32]); Secret sameKey = key.copy()) {
            Jpake honest = new Jpake("honest", key, RANDOM);
            Jpake target = new Jpake("target", sameKey, RANDOM);
            byte[] honest1 = honest.round1();
            byte[] target1 = target.round1();
            if (round == 1) {
                rejectedOrAccepted(() -> target.receiveRound1(forged));
                return;
            }
            target.receiveRound1(honest1);
            honest.receiveRound1(target1);
            byte[] honest2 = honest.round2();
            byte[] target2 = target.round2();
            if (round == 2) {
                rejectedOrAccepted(() -> target.receiveRound2(forged));
                return;
            }
            target.receiveRound2(honest2);
            honest.receiveRound2(target2);
            honest.round3();
            target.round3();
            rejectedOrAccepted(() -> target.receiveRound3(forged));
        }
    }

    private interface Round {
        void receive() throws CryptoException;
    }

    private static void rejectedOrAccepted(Round round) {
        try {
            round.receive();
        } catch (CryptoException e) {
            assertThat(e).hasMessageContaining("J-PAKE");
        }
    }
}
