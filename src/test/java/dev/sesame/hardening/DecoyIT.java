package dev.sesame.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.SesameProcess;
import org.junit.jupiter.api.Test;

/**
 * Decoy mode derives the phrase key in another domain (a different Argon2id salt), so a decoy
 * node and a real node never link, whatever phrases people type, while two decoy nodes with
 * the same decoy phrase chat as usual. That nothing is written is {@link NothingOnDiskIT}'s.
 */
class DecoyIT {
    private static final String PHRASE = "the very same phrase";

    @Test
    void aDecoyNodeNeverLinksWithARealNodeEvenWithTheSamePhrase() {
        try (SesameProcess real = SesameProcess.start("real", PHRASE, "--bind", "127.0.0.1");
             SesameProcess decoy = SesameProcess.start("decoy", PHRASE, "--bind", "127.0.0.1", "--decoy",
                     "--peer", real.address())) {
            assertThat(decoy.ready().path("mode").asText()).isEqualTo("decoy");
            assertThat(real.ready().path("mode").asText()).isEqualTo("real");
            real.await("auth_failed", e -> e.path("reason").asText().equals("wrong_phrase"));
            decoy.await("auth_failed", e -> e.path("reason").asText().equals("wrong_phrase"));
            assertThat(real.events("peer_up")).isEmpty();
            assertThat(decoy.events("peer_up")).isEmpty();
        }
    }

    @Test
    void twoDecoyNodesWithTheSamePhraseChat() {
        try (SesameProcess one = SesameProcess.start("decoy-1", PHRASE, "--bind", "127.0.0.1", "--decoy");
             SesameProcess two = SesameProcess.start("decoy-2", PHRASE, "--bind", "127.0.0.1", "--decoy",
                     "--peer", one.address())) {
            one.await("peer_up", e -> e.path("peer_id").asText().equals(two.peerId()));
            two.await("peer_up", e -> e.path("peer_id").asText().equals(one.peerId()));
            two.send("harmless weather talk");
            one.await("message", e -> e.path("text").asText().equals("harmless weather talk"));
        }
    }
}
