package dev.sesame.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Review finding: every secret longer than {@link SecretMemory#SLOT_BYTES} (64) gets a fresh
 * page-aligned, locked 16 KiB region that is zeroed on release but never reused. The link key
 * schedule makes one on every handshake ({@code Secret.concat(pake, x25519, mlkem)} = 96 bytes),
 * so a long run with reconnects, or a member who reconnects in a loop, grows native memory and
 * the locked-memory budget without bound (8 MiB of RLIMIT_MEMLOCK is gone after ~500
 * handshakes; later chunks are then silently unlocked).
 */
class SecretMemoryGrowthTest {
    @Test
    void releasedLargeSecretsAreReusedSoRepeatedHandshakesDoNotGrowSecretMemory() {
        SecureRandom random = new SecureRandom();
        Set<Long> regions = new HashSet<>();
        for (int handshake = 0; handshake < 100; handshake++) {
            try (Secret pake = Secret.random(32, random);
                 Secret x25519 = Secret.random(32, random);
                 Secret mlKem = Secret.random(32, random);
                 Secret ikm = Secret.concat(pake, x25519, mlKem)) { // what KeySchedule does
                regions.add(SecretTest.memoryOf(ikm).address());
            }
        }
        // One live 96-byte secret at a time: a bounded allocator needs one region, not a hundred.
        assertThat(regions).as("distinct native regions used by 100 sequential 96-byte secrets").hasSizeLessThanOrEqualTo(2);
    }
}
