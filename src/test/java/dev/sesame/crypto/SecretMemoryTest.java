package dev.sesame.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The allocator on a private instance, so that wiping it cannot disturb other tests (the
 * process-wide instance is wiped in the forked {@code dev.sesame.hardening.*WipeTest}s).
 */
class SecretMemoryTest {
    private final SecretMemory memory = new SecretMemory();

    @Test
    void wipeAllZeroesEveryLiveSecretSmallAndLargeAndRefusesLaterUse() {
        List<SecretMemory.Allocation> live = new ArrayList<>();
        // 1,400 slots of 64 bytes: more than one 64 KiB chunk holds.
        for (int i = 0; i < 300; i++) live.add(filled(memory.allocate(32), (byte) (i | 1)));
        for (int i = 0; i < 1100; i++) live.add(filled(memory.allocate(64), (byte) 0x5a));
        SecretMemory.Allocation phrase = filled(memory.allocate(900), (byte) 0x33);
        assertThat(memory.allZero()).isFalse();

        memory.wipeAll();

        assertThat(memory.isWiped()).isTrue();
        assertThat(memory.allZero()).isTrue();
        for (SecretMemory.Allocation a : live) assertThat(bytes(a)).containsOnly(0);
        assertThat(bytes(phrase)).containsOnly(0);
        assertThat(memory.liveSecrets()).isZero();
        assertThatThrownBy(() -> memory.allocate(32)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> memory.checkUsable(phrase.epoch(), true)).isInstanceOf(IllegalStateException.class);
        memory.wipeAll(); // idempotent
        memory.release(phrase); // a late close after the wipe is harmless
    }

    @Test
    void wipeUnpinnedKeepsOnlyThePinnedSecretAndInvalidatesTheRest() {
        SecretMemory.Allocation phraseKey = filled(memory.allocate(32), (byte) 0x11);
        memory.pin(phraseKey);
        SecretMemory.Allocation chainKey = filled(memory.allocate(32), (byte) 0x22);
        SecretMemory.Allocation big = filled(memory.allocate(200), (byte) 0x44);

        memory.wipeUnpinned();

        assertThat(bytes(phraseKey)).containsOnly(0x11);
        assertThat(bytes(chainKey)).containsOnly(0);
        assertThat(bytes(big)).containsOnly(0);
        assertThat(memory.zeroExceptPinned()).isTrue();
        assertThat(memory.allZero()).isFalse();
        assertThat(memory.liveSecrets()).isEqualTo(1);
        memory.checkUsable(phraseKey.epoch(), true);
        assertThatThrownBy(() -> memory.checkUsable(chainKey.epoch(), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("panic");
        assertThatThrownBy(() -> memory.pin(chainKey)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStaleSecretClosedAfterTheWipeDoesNotFreeTheSlotItsNewOwnerHolds() {
        SecretMemory.Allocation old = filled(memory.allocate(32), (byte) 0x22);
        memory.wipeUnpinned();
        SecretMemory.Allocation fresh = filled(memory.allocate(32), (byte) 0x77);
        assertThat(fresh.segment().address()).isEqualTo(old.segment().address()); // the slot was reused

        memory.release(old); // the old owner closes late

        assertThat(bytes(fresh)).containsOnly(0x77);
        SecretMemory.Allocation next = memory.allocate(32);
        assertThat(next.segment().address()).isNotEqualTo(fresh.segment().address());
        assertThat(memory.liveSecrets()).isEqualTo(2);
    }

    @Test
    void releasedMemoryIsZeroAndReused() {
        SecretMemory.Allocation a = filled(memory.allocate(32), (byte) 9);
        memory.release(a);
        assertThat(bytes(a)).containsOnly(0);
        assertThat(memory.allocate(16).segment().address()).isEqualTo(a.segment().address());
    }

    @Test
    void warmUpReservesLockedMemoryBeforeAnySecretExists() {
        memory.warmUp();
        assertThat(memory.reservedBytes()).isGreaterThanOrEqualTo(64 * 1024);
        assertThat(memory.liveSecrets()).isZero();
        // As root, or with a large enough RLIMIT_MEMLOCK, the chunk is locked; otherwise the status says why.
        SecretMemory.LockStatus status = memory.lockStatus();
        assertThat(status.locked() || status.failure().isPresent()).isTrue();
    }

    private static SecretMemory.Allocation filled(SecretMemory.Allocation a, byte value) {
        a.segment().fill(value);
        return a;
    }

    private static byte[] bytes(SecretMemory.Allocation a) {
        return a.segment().toArray(ValueLayout.JAVA_BYTE);
    }
}
