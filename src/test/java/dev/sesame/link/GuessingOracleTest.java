package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.crypto.Hashes;
import dev.sesame.crypto.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Review finding: a phrase guesser learns whether its guess was right from the victim's FINISH
 * (J-PAKE round 3), which the victim sends before it has seen the guesser's. The guesser then
 * simply hangs up. The victim's handshake ends as CLOSED (or TIMEOUT, or PROTOCOL if the
 * guesser sends garbage instead of FINISH), which is not an authentication failure, so
 * {@code AdmissionControl} never charges the address's failed-authentication bucket: the
 * "5 guesses, then one per 10 s" limit of docs/SECURITY.md does not apply to this guesser.
 */
class GuessingOracleTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Secret key(String phrase) {
        return Secret.copyAndWipe(Hashes.sha256(phrase.getBytes(StandardCharsets.UTF_8)));
    }

    private record Outcome(Handshake.Result result, HandshakeException failure) {}

    private static CompletableFuture<Outcome> side(MemoryChannel channel, HandshakeRole role, PeerId own, String phrase) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Secret key = key(phrase)) {
                outcome.complete(new Outcome(new Handshake(channel, role, own, HandshakeTest.endpointsAt(7000), TrafficShape.defaults(), key, RANDOM).run(), null));
            } catch (HandshakeException e) {
                channel.close();
                outcome.complete(new Outcome(null, e));
            } catch (Throwable t) {
                channel.close();
                outcome.completeExceptionally(t);
            }
        });
        return outcome;
    }

    /**
     * The guesser runs the protocol honestly with its guess, but never lets its own FINISH (or
     * anything after it) reach the victim: it hangs up as soon as it would send FINISH. Its own
     * handshake object still checks the victim's FINISH, which tells it whether the guess was right.
     */
    private static Outcome[] guess(String guess) throws Exception {
        PeerId guesserId = HandshakeTest.randomId();
        PeerId victimId = HandshakeTest.randomId();
        byte[] exporter = new byte[32];
        RANDOM.nextBytes(exporter);
        MemoryChannel[] pair = MemoryChannel.pair(guesserId, victimId, exporter, exporter);
        pair[0].filterOutput(out -> new HandshakeTap(out, (index, message) -> {
            if (index < 2) return message; // HELLO and KEY_SHARE go through
            closeQuietly(out); // FINISH: hang up instead
            return null;
        }));
        CompletableFuture<Outcome> guesser = side(pair[0], HandshakeRole.DIALER, guesserId, guess);
        CompletableFuture<Outcome> victim = side(pair[1], HandshakeRole.LISTENER, victimId, "the real phrase");
        return new Outcome[] {guesser.get(30, TimeUnit.SECONDS), victim.get(30, TimeUnit.SECONDS)};
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // test pipe
        }
    }

    @Test
    void theGuesserLearnsTheAnswerWithoutSendingFinish() throws Exception {
        Outcome[] wrong = guess("a wrong guess");
        Outcome[] right = guess("the real phrase");
        // Wrong guess: the guesser's J-PAKE rejects the victim's round 3 ...
        assertThat(wrong[0].failure().reason()).isEqualTo(HandshakeException.Reason.WRONG_PHRASE);
        // ... right guess: it accepts it and gets as far as CONFIRM. An offline-checkable answer either way.
        assertThat(right[0].failure().reason()).isNotEqualTo(HandshakeException.Reason.WRONG_PHRASE);
    }

    @Test
    void aPeerThatHangsUpAfterSeeingOurFinishHasHadItsGuessAndIsChargedForIt() throws Exception {
        Outcome[] wrong = guess("a wrong guess");
        assertThat(wrong[0].failure().reason()).isEqualTo(HandshakeException.Reason.WRONG_PHRASE); // it had its answer
        HandshakeException victimSide = wrong[1].failure();
        assertThat(victimSide).isNotNull();
        // Mesh charges the failed-authentication bucket only when reason().authentication() is true.
        assertThat(victimSide.reason().authentication())
                .as("victim's failure %s must count against the guesser's address", victimSide.reason())
                .isTrue();
    }
}
