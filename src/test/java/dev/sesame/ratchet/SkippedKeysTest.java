package dev.sesame.ratchet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.crypto.Secret;
import dev.sesame.ratchet.SkippedKeys.Entry;
import dev.sesame.ratchet.SkippedKeys.MessageId;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkippedKeysTest {
    private final SecureRandom random = RatchetPair.seededRandom(5);

    @Test
    void evictsAndZeroesTheOldestKeysBeyondCapacity() throws RatchetException {
        RatchetPublicKey key = RatchetPublicKey.of(new byte[32]);
        try (SkippedKeys store = new SkippedKeys(3)) {
            List<Entry> entries = entries(key, 0, 5);
            List<MessageId> evicted = store.addAll(entries);
            assertThat(evicted).containsExactly(new MessageId(key, 0), new MessageId(key, 1));
            assertThat(entries.get(0).keys().isClosed()).isTrue();
            assertThat(entries.get(1).keys().isClosed()).isTrue();
            assertThat(entries.get(2).keys().isClosed()).isFalse();
            assertThat(store.ids()).containsExactly(new MessageId(key, 2), new MessageId(key, 3), new MessageId(key, 4));
        }
    }

    @Test
    void aUsedKeyIsRemovedAndZeroed() throws RatchetException {
        RatchetPublicKey key = RatchetPublicKey.of(new byte[32]);
        try (SkippedKeys store = new SkippedKeys(10)) {
            List<Entry> entries = entries(key, 0, 2);
            store.addAll(entries);
            MessageKeys stored = store.find(new MessageId(key, 1)).orElseThrow();
            store.remove(new MessageId(key, 1));
            assertThat(stored.isClosed()).isTrue();
            assertThat(store.find(new MessageId(key, 1))).isEmpty();
            assertThat(store.size()).isEqualTo(1);
        }
    }

    @Test
    void closeZeroesEverythingAndACopyIsIndependent() throws RatchetException {
        RatchetPublicKey key = RatchetPublicKey.of(new byte[32]);
        SkippedKeys store = new SkippedKeys(10);
        List<Entry> entries = entries(key, 0, 4);
        store.addAll(entries);
        try (SkippedKeys copy = store.copy()) {
            store.close();
            assertThat(entries).allSatisfy(e -> assertThat(e.keys().isClosed()).isTrue());
            assertThat(store.size()).isZero();
            assertThat(copy.size()).isEqualTo(4);
            assertThat(copy.find(new MessageId(key, 3)).orElseThrow().isClosed()).isFalse();
        }
    }

    private List<Entry> entries(RatchetPublicKey key, int from, int to) {
        List<Entry> out = new ArrayList<>();
        for (int n = from; n < to; n++) out.add(new Entry(new MessageId(key, n), new MessageKeys(Secret.random(32, random), n)));
        return out;
    }
}
