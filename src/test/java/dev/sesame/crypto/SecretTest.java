package dev.sesame.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void copyAndWipeZeroesTheSource() {
        byte[] source = {1, 2, 3, 4};
        try (Secret s = Secret.copyAndWipe(source)) {
            assertThat(source).containsOnly(0);
            assertThat(SecretTest.bytes(s)).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void toStringNeverShowsTheBytes() {
        try (Secret s = Secret.copyAndWipe(new byte[] {0x41, 0x42, 0x43})) {
            assertThat(s.toString()).isEqualTo("Secret[3 bytes]").doesNotContain("ABC").doesNotContain("414243");
        }
    }

    @Test
    void closedSecretRefusesUseAndItsMemoryIsZero() {
        Secret s = Secret.random(32, new SecureRandom());
        java.lang.foreign.MemorySegment memory = memoryOf(s);
        s.close();
        assertThat(memory.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).containsOnly(0);
        assertThatThrownBy(s::copy).isInstanceOf(IllegalStateException.class);
        s.close(); // idempotent
    }

    @Test
    void contentEqualsComparesContents() {
        try (Secret a = Secret.copyAndWipe(new byte[] {1, 2}); Secret b = Secret.copyAndWipe(new byte[] {1, 2});
             Secret c = Secret.copyAndWipe(new byte[] {1, 3})) {
            assertThat(a.contentEquals(b)).isTrue();
            assertThat(a.contentEquals(c)).isFalse();
        }
    }

    @Test
    void sliceAndConcatAreIndependentCopies() {
        try (Secret a = Secret.copyAndWipe(new byte[] {1, 2, 3}); Secret b = Secret.copyAndWipe(new byte[] {4})) {
            try (Secret joined = Secret.concat(a, b); Secret tail = joined.slice(2, 2)) {
                assertThat(bytes(joined)).containsExactly(1, 2, 3, 4);
                assertThat(bytes(tail)).containsExactly(3, 4);
            }
            assertThat(a.isClosed()).isFalse();
        }
    }

    @Test
    void largeSecretsGetTheirOwnMemoryAndAreZeroedToo() {
        byte[] big = new byte[500];
        java.util.Arrays.fill(big, (byte) 7);
        Secret s = Secret.copyAndWipe(big);
        java.lang.foreign.MemorySegment memory = memoryOf(s);
        s.close();
        assertThat(memory.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).containsOnly(0);
    }

    static byte[] bytes(Secret s) {
        return s.<byte[]>withBytes(byte[]::clone);
    }

    static java.lang.foreign.MemorySegment memoryOf(Secret s) {
        try {
            var field = Secret.class.getDeclaredField("memory");
            field.setAccessible(true);
            return (java.lang.foreign.MemorySegment) field.get(s);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
