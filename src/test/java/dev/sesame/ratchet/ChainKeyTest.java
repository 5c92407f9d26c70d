package dev.sesame.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sesame.crypto.Secret;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ChainKeyTest {
    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void messageKeyIsHmacOfOneAndNextChainKeyIsHmacOfTwo() throws Exception {
        try (ChainKey chain = new ChainKey(Secret.copyAndWipe(KEY.clone()), 7);
             MessageKeys message = chain.messageKeys(); ChainKey next = chain.next();
             Secret expectedMessage = Secret.copyAndWipe(hmac(KEY, (byte) 0x01));
             Secret expectedNext = Secret.copyAndWipe(hmac(KEY, (byte) 0x02))) {
            assertThat(message.digest()).isEqualTo(expectedMessage.digest());
            assertThat(message.messageNumber()).isEqualTo(7);
            assertThat(next.digest()).isEqualTo(expectedNext.digest());
            assertThat(next.index()).isEqualTo(8);
            assertThat(message.digest()).isNotEqualTo(next.digest());
        }
    }

    @Test
    void stepsReturnNewValuesAndLeaveTheOriginalOpenAndUnchanged() {
        try (ChainKey chain = new ChainKey(Secret.copyAndWipe(KEY.clone()), 0)) {
            byte[] before = chain.digest();
            ChainKey next = chain.next();
            next.close();
            assertThat(next.isClosed()).isTrue();
            assertThat(chain.isClosed()).isFalse();
            assertThat(chain.digest()).isEqualTo(before);
            assertThat(chain.index()).isZero();
        }
    }

    @Test
    void aCopyIsIndependent() {
        ChainKey chain = new ChainKey(Secret.copyAndWipe(KEY.clone()), 3);
        try (ChainKey copy = chain.copy()) {
            chain.close();
            assertThat(copy.isClosed()).isFalse();
            assertThat(copy.index()).isEqualTo(3);
        }
    }

    @Test
    void theIndexNeverPassesTheLastU32MessageNumber() {
        try (ChainKey last = new ChainKey(Secret.copyAndWipe(KEY.clone()), ChainKey.MAX_INDEX)) {
            assertThatThrownBy(last::next).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> new ChainKey(Secret.copyAndWipe(KEY.clone()), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChainKey(Secret.copyAndWipe(new byte[16]), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] hmac(byte[] key, byte constant) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(new byte[] {constant});
    }
}
