package dev.sesame.ratchet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.ratchet.SkippedKeys.MessageId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoteChainsTest {
    @Test
    void remembersTheCurrentChainAndALimitedNumberOfRetiredOnes() throws RatchetException {
        RemoteChains chains = new RemoteChains(2);
        chains.advance(Optional.empty(), 0, key(1));
        chains.advance(Optional.of(key(1)), 5, key(2));
        chains.advance(Optional.of(key(2)), 3, key(3));
        assertThat(chains.find(key(1))).contains(new RemoteChains.Chain(5, 0));
        assertThat(chains.find(key(3)).orElseThrow().isOpen()).isTrue();
        chains.advance(Optional.of(key(3)), 1, key(4));
        assertThat(chains.find(key(1))).isEmpty();
        assertThat(chains.size()).isEqualTo(3);
    }

    @Test
    void evictionRaisesTheWatermarkOfKnownChainsOnly() throws RatchetException {
        RemoteChains chains = new RemoteChains(2);
        chains.advance(Optional.empty(), 0, key(1));
        chains.noteEvicted(new MessageId(key(1), 4));
        chains.noteEvicted(new MessageId(key(1), 2));
        chains.noteEvicted(new MessageId(key(9), 7));
        assertThat(chains.find(key(1)).orElseThrow().evictedBelow()).isEqualTo(5);
        assertThat(chains.find(key(9))).isEmpty();
        chains.advance(Optional.of(key(1)), 8, key(2));
        assertThat(chains.find(key(1))).contains(new RemoteChains.Chain(8, 5));
    }

    private static RatchetPublicKey key(int b) throws RatchetException {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) b;
        return RatchetPublicKey.of(bytes);
    }
}
