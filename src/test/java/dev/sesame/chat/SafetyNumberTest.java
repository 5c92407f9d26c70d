package dev.sesame.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafetyNumberTest {
    @Test
    void isSixGroupsOfFiveDigitsAndSixEmoji() {
        byte[] material = new byte[32];
        for (int i = 0; i < material.length; i++) material[i] = (byte) (i * 37);
        SafetyNumber number = SafetyNumber.of(material);
        assertThat(number.digits()).matches("\\d{5}( \\d{5}){5}");
        assertThat(number.emoji().split(" ")).hasSize(6);
        assertThat(SafetyNumber.of(material.clone())).isEqualTo(number);
    }

    @Test
    void differentMaterialGivesADifferentNumber() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        b[31] = 1; // only the emoji line sees bytes 30-31
        b[0] = 1;
        assertThat(SafetyNumber.of(a).digits()).isNotEqualTo(SafetyNumber.of(b).digits());
    }
}
