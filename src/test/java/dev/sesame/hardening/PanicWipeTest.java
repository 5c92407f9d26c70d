package dev.sesame.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.chat.ChatEvent;
import dev.sesame.chat.ChatService;
import dev.sesame.chat.Command;
import dev.sesame.crypto.Secret;
import dev.sesame.crypto.SecretMemory;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ChatService#panic()} itself wipes every secret before the exit action runs: the
 * guarantee does not depend on the interface passing a careful action. Two linked nodes in
 * this JVM, with live ratchets; the test's exit action only looks at memory.
 *
 * <p>Runs in a JVM of its own (surefire execution {@code wipe-tests}): it wipes the process.
 */
class PanicWipeTest {
    @BeforeAll
    static void onlyInAJvmOfItsOwn() {
        WipeFork.require();
    }

    @Test
    void panicHasWipedEverySecretByTheTimeTheExitActionRuns() throws Exception {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        AtomicInteger exits = new AtomicInteger();
        boolean[] seen = new boolean[2];
        Runnable exitAction = () -> {
            exits.incrementAndGet();
            seen[0] = SecretMemory.global().isWiped();
            seen[1] = SecretMemory.global().allZero();
        };
        try (InProcessNode alice = new InProcessNode(Secret.copyAndWipe(key.clone()), 0, List.of(), false, exitAction).start();
             InProcessNode bob = new InProcessNode(Secret.copyAndWipe(key), 0, List.of(alice.listen()), false, () -> {}).start()) {
            alice.await(ChatEvent.PeerUp.class, up -> true, 0);
            bob.await(ChatEvent.PeerUp.class, up -> true, 0);
            alice.chat.handle(new Command.Say("a secret conversation"));
            bob.await(ChatEvent.Message.class, m -> m.text().equals("a secret conversation"), 0);
            assertThat(SecretMemory.global().liveSecrets()).as("phrase keys and ratchet keys are live").isGreaterThan(4);
            assertThat(SecretMemory.global().allZero()).isFalse();

            ChatService.Next next = alice.chat.handle(new Command.Panic());

            assertThat(next).isEqualTo(ChatService.Next.EXIT);
            assertThat(exits.get()).isEqualTo(1);
            assertThat(seen[0]).as("wiped when the exit action ran").isTrue();
            assertThat(seen[1]).as("every byte zero when the exit action ran").isTrue();
        }
    }
}
