package dev.sesame.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.link.PeerId;
import dev.sesame.mesh.MeshEvent;
import dev.sesame.wire.MessageId;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeshEventTranslatorTest {
    private static final PeerId ALICE = PeerId.fromHex("a1".repeat(32));
    private static final PeerId MALLORY = PeerId.fromHex("e5".repeat(32));
    private static final PeerId BOB = PeerId.fromHex("b2".repeat(32));
    private static final String OWN = "cc".repeat(32);

    private static ChatEvent.PeerUp up(MeshEventTranslator translator, PeerId who, String name) {
        return (ChatEvent.PeerUp) translator.translate(new MeshEvent.PeerUp(who, Optional.of(name), "127.0.0.1:1",
                MeshEvent.Direction.IN, dev.sesame.transport.Via.DIRECT)).getFirst();
    }

    @Test
    void peerUpAndMessagesListThePeersWhoseNamesLookAlikeOursIncluded() {
        MeshEventTranslator translator = new MeshEventTranslator();
        translator.own(OWN, Optional.of("bob"));
        assertThat(up(translator, ALICE, "Alice").confusableWith()).isEmpty();
        assertThat(up(translator, MALLORY, "\u0410lice").confusableWith()).containsExactly(ALICE.hex());
        assertThat(up(translator, BOB, "B0b").confusableWith()).containsExactly(OWN);
        ChatEvent.Message message = (ChatEvent.Message) translator.translate(new MeshEvent.ChatReceived(ALICE,
                MessageId.random(new SecureRandom()), "hi", false, 0)).getFirst();
        assertThat(message.confusableWith()).containsExactly(MALLORY.hex());
        translator.translate(new MeshEvent.NameChanged(MALLORY, Optional.of("\u0410lice"), Optional.of("Mallory")));
        message = (ChatEvent.Message) translator.translate(new MeshEvent.ChatReceived(ALICE,
                MessageId.random(new SecureRandom()), "hi", false, 0)).getFirst();
        assertThat(message.confusableWith()).isEqualTo(List.of());
    }
}
