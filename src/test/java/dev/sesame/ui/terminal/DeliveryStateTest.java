package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DeliveryStateTest {
    private static final Function<String, String> NAMES = id -> "name-" + id;

    @Test
    void oneRecipientGoesFromSentToDelivered() {
        DeliveryState state = new DeliveryState(List.of("b"));
        assertThat(state.describe(NAMES)).isEqualTo("sent");
        state.delivered("b");
        assertThat(state.describe(NAMES)).isEqualTo("delivered");
    }

    @Test
    void oneRecipientThatFailsSaysWhy() {
        DeliveryState state = new DeliveryState(List.of("b"));
        state.failed("b", "timeout");
        assertThat(state.describe(NAMES)).isEqualTo("not delivered (timeout)");
    }

    @Test
    void severalRecipientsCountDeliveries() {
        DeliveryState state = new DeliveryState(List.of("b", "c", "d"));
        assertThat(state.describe(NAMES)).isEqualTo("sent to 3");
        state.delivered("c");
        assertThat(state.describe(NAMES)).isEqualTo("delivered 1/3, waiting for name-b, name-d");
        state.failed("d", "peer_left");
        assertThat(state.describe(NAMES)).isEqualTo("delivered 1/3, not to name-d (peer_left), waiting for name-b");
        state.delivered("b");
        assertThat(state.describe(NAMES)).isEqualTo("delivered 2/3, not to name-d (peer_left)");
    }

    @Test
    void manyMissingAreCountedNotNamed() {
        DeliveryState state = new DeliveryState(List.of("a", "b", "c", "d", "e"));
        state.delivered("a");
        assertThat(state.describe(NAMES)).isEqualTo("delivered 1/5, waiting for 4");
        assertThat(state.waiting()).isEqualTo(4);
    }

    @Test
    void receiptsFromPeersThatWereNotRecipientsAreIgnored() {
        DeliveryState state = new DeliveryState(List.of("b"));
        state.delivered("x");
        state.failed("y", "timeout");
        assertThat(state.describe(NAMES)).isEqualTo("sent");
    }

    @Test
    void aLateReceiptWinsOverAFailure() {
        DeliveryState state = new DeliveryState(List.of("b"));
        state.failed("b", "timeout");
        state.delivered("b");
        assertThat(state.describe(NAMES)).isEqualTo("delivered");
    }

    @Test
    void nobodyToSendToIsSaidPlainly() {
        assertThat(new DeliveryState(List.of()).describe(NAMES)).isEqualTo("nobody linked: not sent");
    }
}
