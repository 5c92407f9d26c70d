package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Receipts that wait together leave as RECEIPTS records of up to 24 ids (docs/PROTOCOL.md §7). */
class LinkReceiptsTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static MemoryLinks.Pair pair(Duration receiptSpacing) throws Exception {
        return MemoryLinks.dialer(receiptSpacing, MemoryLinks.IGNORE);
    }

    /**
     * Every RECEIPTS record turns the ratchet on both sides, so batches are spaced
     * ({@link Limits#RECEIPT_SPACING}): the first receipt after a pause goes at once, the ones
     * that follow within the spacing wait and leave together, and a closing link sends them
     * without waiting out the spacing. Here the spacing is an hour, so only the drain can send
     * the second batch.
     */
    @Test
    void receiptsWithinTheSpacingWaitAndLeaveAsOneBatchAndADrainSendsThemAtOnce() throws Exception {
        MemoryLinks.Pair p = pair(Duration.ofHours(1));
        p.link().start();
        try {
            MessageId first = MessageId.random(RANDOM);
            assertThat(p.link().send(new PeerMessage.Receipt(first))).isTrue();
            assertThat(p.nextReceipts()).containsExactly(first); // not delayed: no batch went before it
            List<MessageId> following = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                MessageId id = MessageId.random(RANDOM);
                following.add(id);
                assertThat(p.link().send(new PeerMessage.Receipt(id))).isTrue();
                // The scenario, not a synchronisation: receipts trickle in, a millisecond apart, so an
                // unspaced writer would send each on its own.
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            p.link().closeAfterFlush(Duration.ofSeconds(30));
            assertThat(p.nextReceipts()).containsExactlyElementsOf(following);
        } finally {
            p.link().abort();
            p.listener().close();
        }
    }

    /**
     * A fast sender may have only {@link Limits#MAX_OUTBOX_PER_PEER} messages unacknowledged: a
     * batch of {@link Limits#RECEIPTS_FOR_AN_EARLY_BATCH} receipts leaves at once, spacing or not
     * (the spacing here is an hour). Fewer wait: {@link
     * #receiptsWithinTheSpacingWaitAndLeaveAsOneBatchAndADrainSendsThemAtOnce}.
     */
    @Test
    @Timeout(30)
    void anEarlyBatchLeavesWithoutWaitingOutTheSpacing() throws Exception {
        assertThat(Limits.RECEIPTS_FOR_AN_EARLY_BATCH).isLessThan(Limits.MAX_OUTBOX_PER_PEER);
        MemoryLinks.Pair p = pair(Duration.ofHours(1));
        p.link().start();
        try {
            MessageId first = MessageId.random(RANDOM);
            assertThat(p.link().send(new PeerMessage.Receipt(first))).isTrue();
            assertThat(p.nextReceipts()).containsExactly(first);
            List<MessageId> early = new ArrayList<>();
            for (int i = 0; i < Limits.RECEIPTS_FOR_AN_EARLY_BATCH; i++) {
                MessageId id = MessageId.random(RANDOM);
                early.add(id);
                assertThat(p.link().send(new PeerMessage.Receipt(id))).isTrue();
            }
            List<MessageId> read = new ArrayList<>();
            while (read.size() < early.size()) read.addAll(p.nextReceipts()); // would wait an hour without the early batch
            assertThat(read).containsExactlyElementsOf(early);
        } finally {
            p.link().abort();
            p.listener().close();
        }
    }

    @Test
    void waitingReceiptsAreBatchedInOrderAndNoneIsLost() throws Exception {
        MemoryLinks.Pair p = pair(Limits.RECEIPT_SPACING);
        List<MessageId> acknowledged = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            MessageId id = MessageId.random(RANDOM);
            acknowledged.add(id);
            assertThat(p.link().send(new PeerMessage.Receipt(id))).isTrue(); // the writer has not started: they all wait
        }
        p.link().start();
        try {
            List<MessageId> received = new ArrayList<>();
            int records = 0;
            while (received.size() < acknowledged.size()) {
                received.addAll(p.nextReceipts());
                records++;
            }
            assertThat(received).containsExactlyElementsOf(acknowledged);
            assertThat(records).isEqualTo((100 + Limits.MAX_RECEIPTS_PER_RECORD - 1) / Limits.MAX_RECEIPTS_PER_RECORD);
        } finally {
            p.link().abort();
            p.listener().close();
        }
    }
}
