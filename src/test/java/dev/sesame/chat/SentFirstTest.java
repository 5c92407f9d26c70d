package dev.sesame.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.mesh.UndeliveredReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentFirstTest {
    private final SentFirst order = new SentFirst();
    private final List<ChatEvent> shown = new ArrayList<>();

    private static ChatEvent.Sent sent(String id) {
        return new ChatEvent.Sent(id, "text", false, List.of("peer"), 0);
    }

    @Test
    void aReceiptThatOvertakesItsSentWaitsAndFollowsIt() {
        order.accepted("m1");
        ChatEvent.Delivered early = new ChatEvent.Delivered("m1", "peer");
        ChatEvent.Undelivered alsoEarly = new ChatEvent.Undelivered("m1", "other", UndeliveredReason.PEER_LEFT);
        order.emit(early, shown::add);
        order.emit(alsoEarly, shown::add);
        assertThat(shown).as("nothing about m1 before its sent").isEmpty();
        order.reportSent("m1", () -> shown.add(sent("m1")), shown::add);
        assertThat(shown).containsExactly(sent("m1"), early, alsoEarly);
    }

    @Test
    void eventsAboutOtherMessagesAndAfterTheSentPassAtOnce() {
        order.accepted("m1");
        ChatEvent.Delivered other = new ChatEvent.Delivered("m0", "peer");
        ChatEvent.Info info = new ChatEvent.Info("not about a message");
        order.emit(other, shown::add);
        order.emit(info, shown::add);
        assertThat(shown).containsExactly(other, info);
        order.reportSent("m1", () -> shown.add(sent("m1")), shown::add);
        ChatEvent.Delivered late = new ChatEvent.Delivered("m1", "peer");
        order.emit(late, shown::add);
        assertThat(shown).containsExactly(other, info, sent("m1"), late);
    }

    @Test
    void aMessageNeverAcceptedIsNotHeld() {
        ChatEvent.Delivered delivered = new ChatEvent.Delivered("never-accepted", "peer");
        order.emit(delivered, shown::add);
        assertThat(shown).containsExactly(delivered);
        order.reportSent("never-accepted", () -> shown.add(sent("never-accepted")), shown::add); // nothing waited
        assertThat(shown).containsExactly(delivered, sent("never-accepted"));
    }

    @Test
    void aPanicForgetsWhatWaitedAndHoldsNothingAfterIt() {
        order.accepted("m1");
        order.accepted("m2");
        order.emit(new ChatEvent.Delivered("m1", "peer"), shown::add);
        order.forget("m1"); // its mesh is gone: what waited is dropped
        order.forget(); // and every other id
        ChatEvent.Delivered afterwards = new ChatEvent.Delivered("m2", "peer");
        order.emit(afterwards, shown::add);
        assertThat(shown).containsExactly(afterwards);
    }
}
