package dev.sesame.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CryptoSelfTestTest {
    @Test
    void passesOnThisJdk() {
        assertThatCode(CryptoSelfTest::run).doesNotThrowAnyException();
    }

    @Test
    void hkdfMatchesRfc5869CaseThreeWithEmptySaltAndInfo() {
        // RFC 5869 A.3: salt and info empty.
        byte[] okm = Hkdf.deriveRaw(new byte[0], HexFormat.of().parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                new byte[0], 42);
        assertThat(HexFormat.of().formatHex(okm)).isEqualTo(
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    void x25519MatchesRfc7748SecondVector() {
        byte[] out = X25519KeyPair.agreeRawOrNull(
                HexFormat.of().parseHex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                HexFormat.of().parseHex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"));
        assertThat(HexFormat.of().formatHex(out)).isEqualTo("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
    }
}
