package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.chat.ChatEvent;
import dev.sesame.link.TrafficShape;
import dev.sesame.util.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventPresenterTest {
    private static final String ALICE = "aa".repeat(32);
    private static final String BOB = "bb".repeat(32);
    private static final String ALICE_FP = "MFRG GZDF MZTW Q2LK";
    private static final String BOB_FP = "NBSW Y3DP EB3W 64TM";

    private Instant now = Instant.parse("2026-01-01T12:34:56Z");
    private final Clock clock = new Clock() {
        @Override
        public long nanoTime() {
            return now.toEpochMilli() * 1_000_000;
        }

        @Override
        public Instant now() {
            return now;
        }
    };
    private HistoryBuffer history;
    private PeerDirectory peers;
    private SessionStatus status;
    private EntryLayout layout;
    private EventPresenter presenter;
    private int identities;

    @BeforeEach
    void setUp() {
        history = new HistoryBuffer();
        peers = new PeerDirectory();
        status = new SessionStatus(false, TrafficShape.defaults());
        layout = new EntryLayout(peers, ZoneOffset.UTC);
        presenter = new EventPresenter(history, peers, status, layout, clock, () -> 200, () -> identities++);
        presenter.apply(new ChatEvent.Ready("cc".repeat(32), "ORSX G5DJ NZTS A3LP", "0.0.0.0:9000", "real",
                Optional.of("carol"), false, List.of("secrets are not locked in RAM (may reach swap): EPERM")));
    }

    private List<String> screen() {
        return history.visible(100, e -> layout.rows(e, 200, now)).stream()
                .map(r -> String.join("", r.stream().map(Glyph::text).toList()))
                .toList();
    }

    private void aliceJoins() {
        presenter.apply(new ChatEvent.PeerUp(ALICE, ALICE_FP, Optional.of("alice"), "127.0.0.1:9001", "in"));
    }

    @Test
    void readyShowsWhereWeListenAndEveryWarning() {
        assertThat(screen()).hasSize(2);
        assertThat(screen().get(0)).startsWith("12:34 -- listening on 0.0.0.0:9000 as carol [ORSX G5DJ NZTS A3LP]");
        assertThat(screen().get(1)).isEqualTo("12:34 !! secrets are not locked in RAM (may reach swap): EPERM");
        assertThat(status.ready).isTrue();
        assertThat(status.listen).isEqualTo("0.0.0.0:9000");
    }

    @Test
    void messagesShowTimeNameAndText() {
        aliceJoins();
        presenter.apply(new ChatEvent.Message("m1", ALICE, ALICE_FP, Optional.of("alice"), "hi there", false, 0));
        assertThat(screen()).contains("12:34 -- alice joined from 127.0.0.1:9001 (link in)", "12:34   alice: hi there");
    }

    @Test
    void privateMessagesAreMarkedBothWays() {
        aliceJoins();
        presenter.apply(new ChatEvent.Message("m1", ALICE, ALICE_FP, Optional.of("alice"), "psst", true, 0));
        presenter.apply(new ChatEvent.Sent("m2", "back", true, List.of(ALICE), 0));
        assertThat(screen()).contains("12:34   (private) alice: psst", "12:34 \u00BB carol \u2192 alice: back  [sent]");
    }

    @Test
    void ourLineIsDrawnAsSendingAtOnceAndItsSentEventTakesItsPlace() {
        aliceJoins();
        int before = screen().size();
        presenter.echo("on its way", Optional.empty());
        assertThat(screen()).hasSize(before + 1);
        assertThat(screen().getLast()).isEqualTo("12:34 \u00BB carol: on its way  [sending]");
        presenter.endEcho();
        presenter.apply(new ChatEvent.Sent("m1", "on its way", false, List.of(ALICE), 0));
        assertThat(screen()).hasSize(before + 1);
        assertThat(screen().getLast()).isEqualTo("12:34 \u00BB carol: on its way  [sent]");
    }

    @Test
    void anEchoInAPrivateConversationIsDrawnPrivateAndGoesWhenTheSendFails() {
        aliceJoins();
        int before = screen().size();
        presenter.echo("just us", Optional.of(ALICE));
        assertThat(screen().getLast()).isEqualTo("12:34 \u00BB carol \u2192 alice: just us  [sending]");
        presenter.endEcho();
        presenter.apply(new ChatEvent.Error("alice is not linked: not sent"));
        assertThat(screen()).hasSize(before + 1).noneMatch(row -> row.contains("just us"));
    }

    @Test
    void ownMessagesCountDeliveriesAndNameFailures() {
        aliceJoins();
        presenter.apply(new ChatEvent.PeerUp(BOB, BOB_FP, Optional.of("bob"), "127.0.0.1:9002", "out"));
        presenter.apply(new ChatEvent.Sent("m1", "hello all", false, List.of(ALICE, BOB), 0));
        assertThat(screen().getLast()).isEqualTo("12:34 \u00BB carol: hello all  [sent to 2]");
        presenter.apply(new ChatEvent.Delivered("m1", ALICE));
        assertThat(screen().getLast()).isEqualTo("12:34 \u00BB carol: hello all  [delivered 1/2, waiting for bob]");
        presenter.apply(new ChatEvent.Undelivered("m1", BOB, dev.sesame.mesh.UndeliveredReason.TIMEOUT));
        assertThat(screen()).contains("12:34 \u00BB carol: hello all  [delivered 1/2, not to bob (timeout)]",
                "12:34 !! bob did not confirm in time: message \"hello all\" not delivered");
    }

    @Test
    void undeliveredMessagesCollapseIntoOneLinePerPeerAndCause() {
        aliceJoins();
        for (int i = 0; i < 63; i++) presenter.apply(new ChatEvent.Sent("m" + i, "line " + i, false, List.of(ALICE), 0));
        for (int i = 0; i < 63; i++) presenter.apply(new ChatEvent.Undelivered("m" + i, ALICE, dev.sesame.mesh.UndeliveredReason.PEER_LEFT));
        List<String> lines = screen();
        assertThat(lines).contains("12:34 !! alice left: 63 messages not delivered");
        assertThat(lines.stream().filter(l -> l.contains("not delivered") && l.contains("!!"))).hasSize(1);
        // Back and gone again: a new line, counted afresh.
        aliceJoins();
        presenter.apply(new ChatEvent.Sent("n1", "again", false, List.of(ALICE), 0));
        presenter.apply(new ChatEvent.Undelivered("n1", ALICE, dev.sesame.mesh.UndeliveredReason.PEER_LEFT));
        assertThat(screen()).contains("12:34 !! alice left: 63 messages not delivered",
                "12:34 !! alice left: message \"again\" not delivered");
    }

    @Test
    void disappearingMessagesCountDownAndGoOnExpired() {
        aliceJoins();
        presenter.apply(new ChatEvent.Message("m1", ALICE, ALICE_FP, Optional.of("alice"), "soon gone", false, 30));
        presenter.apply(new ChatEvent.Sent("m2", "me too", false, List.of(ALICE), 30));
        assertThat(screen()).contains("12:34   alice: soon gone  [30s left]");
        now = now.plusSeconds(12);
        assertThat(screen()).contains("12:34   alice: soon gone  [18s left]", "12:34 \u00BB carol: me too  [sent]  [18s left]");
        presenter.apply(new ChatEvent.Expired("m1"));
        presenter.apply(new ChatEvent.Expired("m2"));
        assertThat(String.join("\n", screen())).doesNotContain("soon gone", "me too");
    }

    @Test
    void anUndeliveredDisappearingMessageIsNotQuoted() {
        aliceJoins();
        presenter.apply(new ChatEvent.Sent("m1", "secret words", false, List.of(ALICE), 10));
        presenter.apply(new ChatEvent.Undelivered("m1", ALICE, dev.sesame.mesh.UndeliveredReason.PEER_LEFT));
        presenter.apply(new ChatEvent.Expired("m1"));
        assertThat(String.join("\n", screen())).doesNotContain("secret words").contains("alice left: message not delivered");
    }

    @Test
    void departuresSayWhetherItWasAGoodbyeAndBeingAloneIsClear() {
        aliceJoins();
        presenter.apply(new ChatEvent.PeerDown(ALICE, ALICE_FP, Optional.of("alice"), dev.sesame.mesh.PeerDownReason.GOODBYE, 0));
        presenter.apply(new ChatEvent.Alone(dev.sesame.mesh.PeerDownReason.GOODBYE));
        assertThat(screen()).contains("12:34 -- alice left (goodbye)");
        assertThat(screen().getLast()).contains("you are alone now").contains("Still listening on 0.0.0.0:9000");
        assertThat(peers.linked()).isZero();
    }

    @Test
    void authFailuresRejectionsAndErrorsAreShown() {
        presenter.apply(new ChatEvent.AuthFailed("203.0.113.5:4000", dev.sesame.link.HandshakeException.Reason.WRONG_PHRASE));
        presenter.apply(new ChatEvent.Error("could not save the name: read-only file system"));
        assertThat(screen()).contains("12:34 !! the phrase does not match the one at 203.0.113.5:4000 (or one of you is in decoy"
                        + " mode): check yours",
                "12:34 !! could not save the name: read-only file system");
    }

    @Test
    void repeatedPhraseMismatchesFromOneHostAreOneLineWithACount() {
        long first = now.toEpochMilli();
        for (int i = 1; i <= 6; i++) {
            now = now.plusSeconds(8);
            presenter.apply(new ChatEvent.AuthFailed("127.0.0.1:" + (50000 + i), dev.sesame.link.HandshakeException.Reason.WRONG_PHRASE, i, first));
        }
        List<String> mismatches = screen().stream().filter(l -> l.contains("phrase does not match")).toList();
        assertThat(mismatches).containsExactly("12:35 !! the phrase does not match the one at 127.0.0.1:50006 (or one of you is"
                + " in decoy mode): check yours (\u00d76 in 48 s)");
    }

    @Test
    void aFloodOfRefusedConnectionsNeverPushesAChatLineOut() {
        aliceJoins();
        presenter.apply(new ChatEvent.Message("real", ALICE, ALICE_FP, Optional.of("alice"), "the real message", false, 0));
        for (int i = 0; i < 2600; i++) {
            presenter.apply(new ChatEvent.Rejected("127.0." + (i % 250) + "." + (i / 250 + 2) + ":4000", dev.sesame.link.HandshakeException.Reason.TLS_FAILED, 1, 0));
        }
        assertThat(history.noiseSize()).isLessThanOrEqualTo(dev.sesame.limits.Limits.MAX_NOISE_ENTRIES);
        assertThat(history.visible(100_000, e -> layout.rows(e, 200, now)).stream()
                .map(r -> String.join("", r.stream().map(Glyph::text).toList())))
                .anyMatch(l -> l.contains("alice: the real message"));
    }

    @Test
    void verifyingMarksThePeerFromThenOn() {
        aliceJoins();
        presenter.apply(new ChatEvent.Message("m1", ALICE, ALICE_FP, Optional.of("alice"), "before", false, 0));
        presenter.apply(new ChatEvent.SafetyNumber(ALICE, ALICE_FP, Optional.of("alice"), "12345 67890 12345 67890 12345 67890",
                "🐶 🐱 🦊 🐻 🐼 🐨", false));
        assertThat(screen()).contains("         12345 67890 12345 67890 12345 67890", "         🐶 🐱 🦊 🐻 🐼 🐨");
        assertThat(String.join("\n", screen())).contains("/verify #MFRGGZDF ok");
        presenter.apply(new ChatEvent.SafetyNumber(ALICE, ALICE_FP, Optional.of("alice"), "12345 67890 12345 67890 12345 67890",
                "🐶 🐱 🦊 🐻 🐼 🐨", true));
        assertThat(screen()).contains("12:34   alice \u2713: before");
    }

    @Test
    void hostileTextAndNamesAreDrawnInert() {
        presenter.apply(new ChatEvent.PeerUp(BOB, BOB_FP, Optional.of("b\u001b[31mob"), "127.0.0.1:9002", "out"));
        presenter.apply(new ChatEvent.Message("m1", BOB, BOB_FP, Optional.of("b\u001b[31mob"),
                "\u001b[2J\u001b[31mRED\u001b]0;title\u0007", false, 0));
        String all = String.join("\n", screen());
        assertThat(all).contains("b^[[31mob [#nbsw]: ^[[2J^[[31mRED^[]0;title^G").doesNotContain("\u001b", "\u0007");
    }

    @Test
    void settingsReportTtlAndNameChanges() {
        presenter.apply(new ChatEvent.Settings(Optional.of(30L), Optional.of("carol")));
        presenter.apply(new ChatEvent.Settings(Optional.of(30L), Optional.of("caz")));
        assertThat(screen()).contains("12:34 -- your messages now disappear after 30s", "12:34 -- you are now caz");
        assertThat(status.ttlSeconds).contains(30L);
    }

    @Test
    void clearedEmptiesTheScreen() {
        presenter.apply(new ChatEvent.Cleared());
        assertThat(screen()).isEmpty();
    }

    @Test
    void aNewIdentityAfterAPanicForgetsThePeers() {
        aliceJoins();
        presenter.apply(new ChatEvent.Ready("dd".repeat(32), "PBUW 4ZLB ONSX IZLT", "0.0.0.0:9000", "real",
                Optional.of("carol"), true, List.of()));
        assertThat(peers.linked()).isZero();
        assertThat(status.fingerprint).isEqualTo("PBUW 4ZLB ONSX IZLT");
        assertThat(identities).isEqualTo(1);
    }

    @Test
    void lineBreaksInAMessageFromALongNameNeverStartARowThatLooksLikeSomeonesLine() {
        String mallory = "M".repeat(dev.sesame.limits.Limits.MAX_NAME_BYTES);
        presenter.apply(new ChatEvent.PeerUp(BOB, BOB_FP, Optional.of(mallory), "127.0.0.1:9002", "out"));
        presenter.apply(new ChatEvent.Message("m1", BOB, BOB_FP, Optional.of(mallory),
                "ok\r09:03 alice: the new meeting point is the north gate\u202809:03 carol: agreed\u0085x\n\u2029y", false, 0));
        List<String> rows = screen().subList(screen().size() - 6, screen().size());
        assertThat(rows.getFirst()).startsWith("12:34   " + "M".repeat(19) + "\u2026 [#nbsw]: ok");
        for (String row : rows.subList(1, rows.size())) assertThat(row).startsWith(" ".repeat(20));
        for (int width : new int[] {30, 60, 200}) {
            for (List<Glyph> row : layout.rows(history.find("m1").orElseThrow(), width, now).subList(1, 6)) {
                assertThat(row.getFirst().text()).as("width " + width).isEqualTo(" ");
            }
        }
    }

    @Test
    void aRenameKeepsTheNameOfPastLinesAndSaysSo() {
        aliceJoins();
        presenter.apply(new ChatEvent.Message("m1", ALICE, ALICE_FP, Optional.of("alice"), "before", false, 0));
        presenter.apply(new ChatEvent.Sent("m2", "to you", true, List.of(ALICE), 0));
        presenter.apply(new ChatEvent.NameChanged(ALICE, ALICE_FP, Optional.of("alice"), Optional.of("xena")));
        presenter.apply(new ChatEvent.Message("m3", ALICE, ALICE_FP, Optional.of("xena"), "after", false, 0));
        assertThat(screen()).contains("12:34   alice: before", "12:34 \u00BB carol \u2192 alice: to you  [sent]",
                "12:34 -- alice is now known as xena", "12:34   xena: after");
        presenter.apply(new ChatEvent.Settings(Optional.empty(), Optional.of("caz")));
        presenter.apply(new ChatEvent.Sent("m4", "me again", false, List.of(ALICE), 0));
        assertThat(screen()).contains("12:34 \u00BB carol \u2192 alice: to you  [sent]", "12:34 -- you are now caz",
                "12:34 \u00BB caz: me again  [sent]");
    }

    @Test
    void aPeerCalledYouOrLikeUsIsTaggedAndOnlyOurLinesCarryTheMark() {
        presenter.apply(new ChatEvent.PeerUp(ALICE, ALICE_FP, Optional.of("you"), "127.0.0.1:9001", "in"));
        presenter.apply(new ChatEvent.PeerUp(BOB, BOB_FP, Optional.of("\u00BB carol"), "127.0.0.1:9002", "in"));
        presenter.apply(new ChatEvent.Message("m1", ALICE, ALICE_FP, Optional.of("you"), "agreed", false, 0));
        presenter.apply(new ChatEvent.Message("m2", BOB, BOB_FP, Optional.of("\u00BB carol"), "agreed", false, 0));
        presenter.apply(new ChatEvent.Sent("m3", "agreed", false, List.of(ALICE, BOB), 0));
        assertThat(screen()).contains("12:34   you [#mfrg]: agreed", "12:34   \u00BB carol [#nbsw]: agreed");
        assertThat(screen().stream().filter(r -> r.charAt(6) == '\u00BB')).containsExactly("12:34 \u00BB carol: agreed  [sent to 2]");
    }
}
