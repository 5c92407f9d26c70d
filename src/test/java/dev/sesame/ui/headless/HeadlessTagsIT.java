package dev.sesame.ui.headless;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.testing.SesameProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Tagged JSON commands on stdin (docs/HEADLESS.md, "Tagged commands"), and the example bot in examples/. */
class HeadlessTagsIT {
    private static final String PHRASE = "correct horse battery staple";

    @Test
    void everyEventATaggedCommandCausesCarriesItsTagAndPlainLinesStillWork() {
        try (SesameProcess alice = SesameProcess.start("alice", PHRASE, "--display-name", "alice");
             SesameProcess bob = SesameProcess.start("bob", PHRASE, "--display-name", "bob", "--peer", alice.address())) {
            alice.await("peer_up");
            bob.await("peer_up");

            alice.send("{\"tag\":\"abc\",\"cmd\":\"/msg #" + bob.peerId() + " hi bob\"}");
            JsonNode sent = alice.await("sent", e -> e.path("text").asText().equals("hi bob"));
            assertThat(sent.path("tag").asText()).isEqualTo("abc");
            JsonNode delivered = alice.await("delivered", e -> e.path("id").asText().equals(sent.path("id").asText()));
            assertThat(delivered.path("tag").asText()).isEqualTo("abc");
            assertThat(bob.await("message", e -> e.path("text").asText().equals("hi bob")).has("tag")).isFalse();

            alice.send("{\"tag\":\"t2\",\"cmd\":\"/msg nobody-like-this hi\"}");
            JsonNode error = alice.await("error", e -> e.path("tag").asText().equals("t2"));
            assertThat(error.path("message").asText()).contains("nobody-like-this");

            alice.send("{\"tag\":\"t3\",\"cmd\":\"/ttl 2\"}");
            assertThat(alice.await("error", e -> e.path("tag").asText().equals("t3")).path("message").asText())
                    .isEqualTo("the minimum is 5 s (/ttl off for messages that stay)");

            alice.send("{\"tag\":\"t4\",\"cmd\":\"/msg x\",\"more\":\"no\"}");
            assertThat(alice.await("error", e -> e.path("message").asText().contains("unknown field \"more\"")).has("tag")).isFalse();

            alice.send("plain line");
            JsonNode plain = alice.await("sent", e -> e.path("text").asText().equals("plain line"));
            assertThat(plain.has("tag")).isFalse();
            alice.await("delivered", e -> e.path("id").asText().equals(plain.path("id").asText()) && !e.has("tag"));
        }
    }

    @Test
    void dialEventsSayWhatEachDialDidAndRetryRedialsAtOnce() {
        int port = dev.sesame.testing.Cluster.freePortBelowEphemeralRange();
        String target = "127.0.0.1:" + port;
        try (SesameProcess alice = SesameProcess.start("alice", PHRASE, "--peer", target)) {
            alice.await("dial", e -> e.path("target").asText().equals(target) && e.path("state").asText().equals("connecting"));
            alice.await("dial", e -> e.path("state").asText().equals("failed") && e.path("reason").asText().equals("refused"));
            JsonNode retrying = alice.await("dial", e -> e.path("state").asText().equals("retrying"));
            assertThat(retrying.path("retry_in_ms").asLong()).isPositive();
            assertThat(alice.events("rejected")).isEmpty(); // our own dial never reads as a refused stranger

            try (SesameProcess bob = SesameProcess.start("bob", PHRASE, "--port", Integer.toString(port))) {
                bob.ready();
                alice.send("{\"tag\":\"again\",\"cmd\":\"/retry " + target + "\"}");
                assertThat(alice.await("info", e -> e.path("tag").asText().equals("again")).path("text").asText())
                        .isEqualTo("redialling now: " + target);
                JsonNode linked = alice.await("dial", e -> e.path("state").asText().equals("linked"));
                assertThat(linked.path("peer_id").asText()).isEqualTo(bob.peerId());
                alice.send("/peers");
                JsonNode dials = alice.await("dials");
                assertThat(dials.path("targets").get(0).path("target").asText()).isEqualTo(target);
                assertThat(dials.path("targets").get(0).path("state").asText()).isEqualTo("linked");
            }
        }
    }

    @Test
    void theExampleBotAnswersAPingPrivatelyAndReportsTheDeliveryByItsTag() throws Exception {
        Path phrase = Files.createTempFile("sesame-bot-phrase", ".txt");
        Files.writeString(phrase, PHRASE);
        Path root = SesameProcess.projectRoot();
        try (SesameProcess carol = SesameProcess.start("carol", PHRASE, "--display-name", "carol")) {
            Process bot = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", root.resolve("target/sesame.jar").toString(), root.resolve("examples/PingBot.java").toString(),
                    "--phrase-file", phrase.toString(), "--port", "0", "--peer", carol.address())
                    .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            LinkedBlockingQueue<String> said = new LinkedBlockingQueue<>();
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(bot.getInputStream(), StandardCharsets.UTF_8))) {
                    r.lines().forEach(said::add);
                } catch (Exception e) {
                    said.add("read failed: " + e);
                }
            });
            try {
                assertThat(next(said)).isEqualTo("ready");
                JsonNode up = carol.await("peer_up", e -> e.path("name").asText().equals("pingbot"));
                carol.send("!ping");
                assertThat(next(said)).isEqualTo("pong carol");
                JsonNode pong = carol.await("message", e -> e.path("text").asText().equals("pong"));
                assertThat(pong.path("private").asBoolean()).isTrue();
                assertThat(pong.path("from").asText()).isEqualTo(up.path("peer_id").asText());
                assertThat(next(said)).isEqualTo("delivered pong-1");
                carol.send("!bye");
                List<String> rest = new ArrayList<>();
                assertThat(bot.waitFor(60, TimeUnit.SECONDS)).isTrue();
                said.drainTo(rest);
                assertThat(rest).contains("bye");
                assertThat(bot.exitValue()).isZero();
                carol.await("peer_down", e -> e.path("reason").asText().equals("goodbye"));
            } finally {
                bot.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(phrase);
        }
    }

    private static String next(LinkedBlockingQueue<String> said) throws InterruptedException {
        String line = said.poll(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS);
        if (line == null) throw new AssertionError("the bot said nothing within 60 s");
        return line;
    }
}
