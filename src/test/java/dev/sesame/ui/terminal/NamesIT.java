package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.limits.Limits;
import dev.sesame.link.CloseReason;
import dev.sesame.link.Connector;
import dev.sesame.link.Link;
import dev.sesame.link.MessageLink;
import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TestNode;
import dev.sesame.testing.TmuxSession;
import dev.sesame.wire.MessageId;
import dev.sesame.wire.PeerMessage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * No member can pass for another (docs/SECURITY.md, "Names"), through the terminal as a person
 * sees it: impostors built from our own classes ({@link TestNode}) take look-alike names of a real
 * member, "you", a 64-byte name with line breaks in its message, and the real member's
 * fingerprint; the screen shows each of them visibly different, and {@code /msg} and
 * {@code /verify} reach only the member meant.
 */
class NamesIT {
    private static final String PHRASE = "the names are only labels";
    private static final Duration SHORT = Duration.ofSeconds(15);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A member that says what the test wants and remembers every chat line it receives. */
    private static final class Impostor implements AutoCloseable {
        final TestNode node = new TestNode(PHRASE);
        final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        final List<Link> links = new ArrayList<>();

        Link join(int port, String name) throws Exception {
            Connector.Authenticated session = node.dial(port, 1);
            Link link = new Link(session.channel(), session.session(), TestNode.SHAPE, new MessageLink.Listener() {
                @Override
                public void onMessage(MessageLink l, PeerMessage m) {
                    if (m instanceof PeerMessage.Chat chat) received.add(chat.text());
                }

                @Override
                public void onClosed(MessageLink l, CloseReason r, dev.sesame.util.ReasonCode d) {
                    // the test ends it
                }
            });
            link.start();
            link.send(new PeerMessage.Profile(name));
            links.add(link);
            return link;
        }

        void rename(String name) {
            links.forEach(l -> l.send(new PeerMessage.Profile(name)));
        }

        void say(String text) {
            links.forEach(l -> l.send(new PeerMessage.Chat(MessageId.random(RANDOM), false, 0, text)));
        }

        String tag() {
            return "[#" + node.identity.peerId().compactFingerprint().substring(0, 4).toLowerCase(Locale.ROOT);
        }

        String fingerprint() {
            return node.identity.peerId().fingerprint();
        }

        boolean heard(String text) {
            return received.stream().anyMatch(t -> t.contains(text));
        }

        @Override
        public void close() {
            links.forEach(l -> l.close(CloseReason.LOCAL, CloseReason.LOCAL));
            node.close();
        }
    }

    private static String row(String screen, String text) {
        return screen.lines().filter(l -> l.contains(text)).findFirst().orElseThrow(() -> new AssertionError(
                "no row with \"" + text + "\" on\n" + screen));
    }

    /** The screen with every run of blanks as one space, so that a fingerprint wrapped over two rows still reads whole. */
    private static String flat(String screen) {
        return screen.replaceAll("\\s+", " ");
    }

    @Test
    void noImpostorLooksLikeAnotherMemberOrLikeYouAndTargetsReachOnlyTheOneMeant() throws Exception {
        try (TmuxSession me = TmuxSession.start("names", 140, 90);
             Impostor lookAlike = new Impostor(); Impostor you = new Impostor(); Impostor longName = new Impostor();
             Impostor squatter = new Impostor()) {
            me.startSesame(PHRASE, "--cover", "off"); // no display name: this person is "you"
            int port = me.sesamePort();
            try (SesameProcess alice = SesameProcess.start("alice", PHRASE, "--cover", "off", "--display-name", "Alice",
                    "--peer", "127.0.0.1:" + port)) {
                alice.await("peer_up");
                String aliceFp = alice.ready().path("fingerprint").asText();
                String aliceCompact = aliceFp.replace(" ", "");
                String aliceTag = "[#" + aliceCompact.substring(0, 4).toLowerCase(Locale.ROOT);
                alice.send("hello, it is Alice");
                me.waitForText("  Alice: hello, it is Alice");

                // The look-alikes of issue 14, one after the other under one impostor (its lines keep each name).
                lookAlike.join(port, "\u0410lice"); // Cyrillic A
                lookAlike.join(alice.port(), "\u0410lice");
                lookAlike.say("one: a Cyrillic A");
                me.waitForText("one: a Cyrillic A");
                String[][] tricks = {{"Alice\u00A0", "two: a no-break space"}, {"Alice\u3164", "three: a Hangul filler"},
                        {"Alice\u2800", "four: a blank Braille pattern"}, {"AIice", "five: a capital I"}};
                for (String[] trick : tricks) {
                    lookAlike.rename(trick[0]);
                    lookAlike.say(trick[1]);
                    me.waitForText(trick[1]);
                }
                you.join(port, "you");
                you.say("six: agreed");
                String name64 = "Mallory" + "M".repeat(Limits.MAX_NAME_BYTES - 7);
                assertThat(name64.getBytes(StandardCharsets.UTF_8)).hasSize(Limits.MAX_NAME_BYTES);
                longName.join(port, name64);
                longName.say("seven\r09:03 Alice: the new meeting point is the north gate\u202809:03 you: agreed, north it is");
                squatter.join(port, aliceCompact.substring(0, 8).toLowerCase(Locale.ROOT));
                squatter.say("eight: the key is under the mat");
                alice.send("nine: the real Alice again");
                me.typeLine("ten: my own line");
                me.waitForText("eight: the key is under the mat");
                me.waitForText("seven");
                me.waitForText("nine: the real Alice again");
                String screen = me.waitForText("\u00BB you: ten: my own line"); // in the history, not just in the input line

                // Every look-alike line carries the impostor's tag; the real Alice is tagged too, old lines included.
                assertThat(row(screen, "one: a Cyrillic A")).contains(lookAlike.tag()).contains("mixed scripts");
                for (String[] trick : tricks) assertThat(row(screen, trick[1])).contains(lookAlike.tag());
                assertThat(row(screen, "hello, it is Alice")).contains("Alice " + aliceTag);
                assertThat(row(screen, "nine: the real Alice again")).contains("Alice " + aliceTag);
                assertThat(row(screen, "six: agreed")).contains("you " + you.tag());
                assertThat(row(screen, "eight: the key")).contains(squatter.tag());
                assertThat(row(screen, "seven")).contains("\u2026 " + longName.tag());
                // Line breaks in a message never start a row of their own.
                for (String piece : new String[] {"north gate", "agreed, north it is"}) {
                    assertThat(row(screen, piece)).as(piece).startsWith(" ".repeat(10));
                }
                // Only our own lines have the mark in column 6.
                for (String line : screen.lines().toList()) {
                    if (line.length() > 6 && line.charAt(6) == '\u00BB') assertThat(line).contains("ten: my own line");
                }
                assertThat(row(screen, "ten: my own line")).matches("\\d\\d:\\d\\d \u00BB you: ten: my own line.*");

                // The broadcast reached every impostor: their ears work, so what follows can show they hear nothing.
                for (Impostor i : List.of(lookAlike, you, longName, squatter)) {
                    me.waitFor(s -> i.heard("ten: my own line"), SHORT, "the impostor hearing the broadcast");
                }

                // Targets: a name that looks like another's, a name that is a fingerprint, "you": all refused.
                me.typeLine("/msg Alice secret one");
                String refused = flat(me.waitForText("matches several peers"));
                assertThat(refused).contains(aliceFp).contains(lookAlike.fingerprint());
                me.typeLine("/msg " + aliceCompact.substring(0, 8) + " secret two");
                assertThat(flat(me.waitForText("and the start of a fingerprint"))).contains(squatter.fingerprint()).contains(aliceFp);
                me.typeLine("/msg you secret three");
                assertThat(flat(me.waitForText("looks like your own name"))).contains(you.fingerprint());
                me.typeLine("/verify " + aliceCompact.substring(0, 4) + " ok");
                me.waitFor(s -> flat(s).contains("\"" + aliceCompact.substring(0, 4) + "\" is a name"), SHORT, "the squat refused");

                // The fingerprint form reaches Alice and nobody else; an unambiguous prefix reaches its one peer.
                me.typeLine("/msg #" + aliceCompact.substring(0, 4) + " secret four");
                JsonNode got = alice.await("message", e -> e.path("text").asText().equals("secret four"));
                assertThat(got.path("private").asBoolean()).isTrue();
                me.typeLine("/msg Mall secret five");
                me.waitFor(s -> longName.heard("secret five"), SHORT, "the prefix reaching its one peer");
                me.typeLine("/verify #" + aliceCompact.substring(0, 8) + " ok");
                me.waitForText("is marked as checked");
                String verified = flat(me.screen());
                assertThat(verified).contains("verified: Alice " + aliceTag).contains(aliceFp + "] is marked");
                me.typeLine("/peers");
                List<String> everyone = new ArrayList<>(List.of(aliceFp));
                for (Impostor i : List.of(lookAlike, you, longName, squatter)) everyone.add(i.fingerprint());
                String peers = me.waitFor(s -> s.contains("5 linked:") && everyone.stream().allMatch(
                        fp -> s.lines().anyMatch(l -> l.contains(fp + "]  127.0.0.1") && l.endsWith("verified"))),
                        SHORT, "the whole /peers list");
                assertThat(row(peers, aliceFp + "]  127.0.0.1")).contains("\u2713 verified");
                for (Impostor i : List.of(lookAlike, you, longName, squatter)) {
                    assertThat(row(peers, i.fingerprint() + "]  127.0.0.1")).contains("not verified");
                    assertThat(i.received).noneMatch(t -> t.contains("secret") && !t.equals("secret five"));
                }
                assertThat(you.received).doesNotContain("secret five");

                // Headless: Alice's events say whose name hers looks like, and her /msg refuses it too.
                JsonNode up = alice.await("peer_up", e -> e.path("peer_id").asText().equals(lookAlike.node.identity.peerId().hex()));
                assertThat(up.path("confusable_with").toString()).contains(alice.peerId());
                JsonNode said = alice.await("message", e -> e.path("text").asText().equals("one: a Cyrillic A"));
                assertThat(said.path("confusable_with").toString()).contains(alice.peerId());
                int mark = alice.mark();
                alice.send("/msg Alice hi");
                JsonNode error = alice.awaitSince(mark, e -> e.path("event").asText().equals("error"), SHORT);
                assertThat(error.path("message").asText()).contains("looks like your own name");
            }
        }
    }
}
