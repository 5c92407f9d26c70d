package dev.sesame.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sesame.chat.ChatEvent;
import dev.sesame.chat.ChatService;
import dev.sesame.chat.Command;
import dev.sesame.crypto.Secret;
import dev.sesame.crypto.SecretMemory;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --panic rotate} in this JVM: afterwards every byte of secret memory is zero except
 * the pinned phrase keys, any secret from before is unusable, the node has a new PeerId and
 * its old peer can link to it again (the phrase key still works).
 *
 * <p>Runs in a JVM of its own (surefire execution {@code wipe-tests}): it wipes the process.
 */
class PanicRotateWipeTest {
    @BeforeAll
    static void onlyInAJvmOfItsOwn() {
        WipeFork.require();
    }

    @Test
    void rotateWipesAllButThePhraseKeyAndComesBackWithANewIdentity() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Secret alicePhraseKey = Secret.copyAndWipe(key.clone());
        Secret bobPhraseKey = Secret.copyAndWipe(key);
        alicePhraseKey.pin(); // as App does; both nodes share this JVM's secret memory
        bobPhraseKey.pin();
        int port = Tools.freePort();
        try (InProcessNode alice = new InProcessNode(alicePhraseKey, port, List.of(), true, () -> {
                 throw new AssertionError("rotate must not exit");
             }).start();
             InProcessNode bob = new InProcessNode(bobPhraseKey, 0, List.of("127.0.0.1:" + port), false, () -> {}).start()) {
            String oldId = alice.await(ChatEvent.Ready.class, r -> true, 0).peerId();
            bob.await(ChatEvent.PeerUp.class, up -> up.peerId().equals(oldId), 0);
            alice.chat.handle(new Command.Say("before"));
            bob.await(ChatEvent.Message.class, m -> m.text().equals("before"), 0);
            Secret unrelated = Secret.random(32, new SecureRandom());
            int aliceMark = alice.mark();
            int bobMark = bob.mark();

            ChatService.Next next = alice.chat.handle(new Command.Panic());

            assertThat(next).isEqualTo(ChatService.Next.CONTINUE);
            assertThat(SecretMemory.global().isWiped()).isFalse();
            assertThat(SecretMemory.global().zeroExceptPinned()).as("all zero but the phrase keys").isTrue();
            assertThatThrownBy(unrelated::copy).isInstanceOf(IllegalStateException.class).hasMessageContaining("panic");
            assertThat(alicePhraseKey.digest()).hasSize(32); // still readable

            alice.await(ChatEvent.Cleared.class, c -> true, aliceMark);
            String newId = alice.await(ChatEvent.Ready.class, r -> true, aliceMark).peerId();
            assertThat(newId).isNotEqualTo(oldId);
            // The old peer redials the same port and meets the new identity, authenticated by the surviving phrase key.
            bob.await(ChatEvent.PeerUp.class, up -> up.peerId().equals(newId), bobMark);
            alice.chat.handle(new Command.Say("after"));
            bob.await(ChatEvent.Message.class, m -> m.text().equals("after") && m.from().equals(newId), bobMark);
        }
    }
}
