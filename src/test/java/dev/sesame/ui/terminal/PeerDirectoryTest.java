package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerDirectoryTest {
    private static final String ALICE_FP = "MFRG GZDF MZTW Q2LK";
    private static final String OTHER_FP = "NBSW Y3DP EB3W 64TM";

    private static PeerDirectory withAlice() {
        PeerDirectory peers = new PeerDirectory();
        peers.up("aa", ALICE_FP, Optional.of("Alice"));
        return peers;
    }

    @Test
    void aUniqueNameIsShownAloneInTheColourOfItsFingerprint() {
        PeerDirectory peers = withAlice();
        assertThat(peers.label("aa")).isEqualTo(new PeerDirectory.Label("Alice", false, Style.peerName(ALICE_FP)));
        assertThat(Style.peerName(ALICE_FP)).isEqualTo(Style.peerName(ALICE_FP.replace(" ", "")))
                .isNotEqualTo(Style.OWN_NAME);
    }

    @Test
    void collidingNamesGetAShortFingerprint() {
        PeerDirectory peers = withAlice();
        peers.up("bb", OTHER_FP, Optional.of("alice"));
        assertThat(peers.label("aa").text()).isEqualTo("Alice [#mfrg]");
        assertThat(peers.label("bb").text()).isEqualTo("alice [#nbsw]");
    }

    /** Each trick of docs/SECURITY.md "Names": a look-alike of Alice is tagged, and so is Alice. */
    @ParameterizedTest
    @ValueSource(strings = {"\u0410lice", "Alice\u00A0", "Alice\u3164", "Alice\u115F", "Alice\u1160", "Alice\u2800",
            "AIice", "ALICE", "A\u200Blice", "Al\u0456ce"})
    void aLookAlikeOfAnotherMembersNameIsTaggedAndSoIsTheOriginal(String lookAlike) {
        PeerDirectory peers = withAlice();
        peers.up("bb", OTHER_FP, Optional.of(lookAlike));
        assertThat(peers.label("bb").text()).contains("[#nbsw");
        assertThat(peers.label("aa").text()).isEqualTo("Alice [#mfrg]");
    }

    @Test
    void tagsGrowUntilTheyTellFingerprintsApart() {
        PeerDirectory peers = withAlice();
        peers.up("bb", "MFRG GZXX XXXX XXXX", Optional.of("\u0410lice"));
        assertThat(peers.label("aa").text()).isEqualTo("Alice [#mfrggzd]");
        assertThat(peers.label("bb").text()).startsWith("\u0410lice [#mfrggzx");
    }

    @Test
    void aMixedScriptNameIsMarkedEvenAlone() {
        PeerDirectory peers = new PeerDirectory();
        peers.up("bb", OTHER_FP, Optional.of("\u0410lice"));
        assertThat(peers.label("bb").text()).isEqualTo("\u0410lice [#nbsw, mixed scripts]");
    }

    @Test
    void hiddenCharactersAreTaggedEvenAlone() {
        for (String name : new String[] {"Alice\u3164", "Alice\u2800", "Alice\u00A0", "Al  ice"}) {
            PeerDirectory peers = new PeerDirectory();
            peers.up("bb", OTHER_FP, Optional.of(name));
            assertThat(peers.label("bb").text()).as(name).endsWith("[#nbsw]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"you", "You", "y\u043Eu", "YOU\u3164"})
    void aPeerCalledYouIsNeverShownBare(String name) {
        PeerDirectory peers = new PeerDirectory();
        peers.own(Optional.empty(), "ORSX G5DJ NZTS A3LP");
        peers.up("bb", OTHER_FP, Optional.of(name));
        assertThat(peers.label("bb").text()).contains("[#nbsw");
        assertThat(peers.ownLabel()).isEqualTo(new PeerDirectory.Label("you", false, Style.OWN_NAME));
    }

    @Test
    void aPeerNamedLikeUsIsTagged() {
        PeerDirectory peers = new PeerDirectory();
        peers.own(Optional.of("bob"), "ORSX G5DJ NZTS A3LP");
        peers.up("aa", ALICE_FP, Optional.of("B0b"));
        assertThat(peers.label("aa").text()).isEqualTo("B0b [#mfrg]");
        assertThat(peers.ownLabel().text()).isEqualTo("bob");
    }

    @Test
    void aNameThatLooksLikeAFingerprintIsTagged() {
        PeerDirectory peers = withAlice();
        peers.up("bb", OTHER_FP, Optional.of("mfrg"));
        peers.up("cc", "ORSX G5DJ NZTS A3LP", Optional.of("k2z7q"));
        peers.up("dd", "PBUW 4ZLB ONSX IZLT", Optional.of("#MF"));
        assertThat(peers.label("bb").text()).isEqualTo("mfrg [#nbsw]");
        assertThat(peers.label("cc").text()).isEqualTo("k2z7q [#orsx]");
        assertThat(peers.label("dd").text()).isEqualTo("#MF [#pbuw]");
        assertThat(peers.label("aa").text()).isEqualTo("Alice");
    }

    @Test
    void aNameWithTheRowsPunctuationIsTagged() {
        PeerDirectory peers = new PeerDirectory();
        peers.up("bb", OTHER_FP, Optional.of("you: agreed"));
        peers.up("cc", "ORSX G5DJ NZTS A3LP", Optional.of("Alice [mfrg]"));
        peers.up("dd", "PBUW 4ZLB ONSX IZLT", Optional.of("Alice\uA789 hi")); // a modifier-letter colon
        assertThat(peers.label("bb").text()).isEqualTo("you: agreed [#nbsw]");
        assertThat(peers.label("cc").text()).isEqualTo("Alice [mfrg] [#orsx]");
        assertThat(peers.label("dd").text()).endsWith("[#pbuw]");
    }

    @Test
    void aLongNameIsCutAndTagged() {
        PeerDirectory peers = new PeerDirectory();
        String name = "M".repeat(Limits.MAX_NAME_BYTES);
        peers.up("bb", OTHER_FP, Optional.of(name));
        String label = peers.label("bb").text();
        assertThat(label).isEqualTo("M".repeat(Limits.MAX_NAME_COLUMNS - 1) + "\u2026 [#nbsw]");
    }

    @Test
    void withoutANameTheFingerprintStandsIn() {
        PeerDirectory peers = new PeerDirectory();
        peers.up("aa", ALICE_FP, Optional.empty());
        assertThat(peers.label("aa").text()).isEqualTo("[#mfrg]");
        assertThat(peers.ownLabel().text()).isEqualTo("you");
    }

    @Test
    void namesFromTheNetworkAreSanitised() {
        PeerDirectory peers = new PeerDirectory();
        peers.up("aa", ALICE_FP, Optional.of("ev\u001b[2Jil\u202e"));
        assertThat(peers.label("aa").text()).isEqualTo("ev^[[2Jil [#mfrg]");
    }

    @Test
    void verifiedIsRememberedAndCountsOnlyLinkedPeers() {
        PeerDirectory peers = new PeerDirectory();
        peers.up("aa", ALICE_FP, Optional.of("alice"));
        peers.up("bb", OTHER_FP, Optional.of("bob"));
        peers.verified("aa", ALICE_FP);
        peers.down("bb");
        assertThat(peers.label("aa").verified()).isTrue();
        assertThat(peers.label("bb").verified()).isFalse();
        assertThat(peers.linked()).isEqualTo(1);
        assertThat(peers.up("bb", OTHER_FP, Optional.of("bob"))).isTrue();
        assertThat(peers.up("bb", OTHER_FP, Optional.of("bob"))).isFalse();
    }

    @Test
    void renameChangesTheCurrentLabelButNotThePastOne() {
        PeerDirectory peers = new PeerDirectory();
        peers.up("aa", ALICE_FP, Optional.of("carol"));
        peers.renamed("aa", ALICE_FP, Optional.of("alicia"));
        assertThat(peers.label("aa").text()).isEqualTo("alicia");
        assertThat(peers.label("aa", Optional.of("carol")).text()).isEqualTo("carol");
    }

    @Test
    void takingANameSomeoneUsedEarlierInTheRunIsTagged() {
        PeerDirectory peers = new PeerDirectory();
        peers.up("aa", ALICE_FP, Optional.of("carol"));
        peers.renamed("aa", ALICE_FP, Optional.of("alicia"));
        peers.up("bb", OTHER_FP, Optional.of("Carol"));
        assertThat(peers.label("bb").text()).isEqualTo("Carol [#nbsw]");
        assertThat(peers.label("aa", Optional.of("carol")).text()).isEqualTo("carol [#mfrg]");
    }

    @Test
    void aPeerRenamingInALoopIsRememberedUnderItsRecentNamesOnly() {
        PeerDirectory peers = new PeerDirectory();
        peers.up("aa", ALICE_FP, Optional.of("carol"));
        for (int i = 0; i < Limits.MAX_REMEMBERED_NAMES_PER_PEER; i++) peers.renamed("aa", ALICE_FP, Optional.of("rename-" + (char) ('a' + i)));
        peers.up("bb", OTHER_FP, Optional.of("Carol"));
        peers.up("cc", "ORSX G5DJ NZTS A3LP", Optional.of("RENAME-D"));
        assertThat(peers.label("bb").text()).isEqualTo("Carol");
        assertThat(peers.label("cc").text()).isEqualTo("RENAME-D [#orsx]");
    }

    @Test
    void aNameThatCopiesATaggedLabelOrANoticeTagsTheOriginalToo() {
        PeerDirectory peers = withAlice();
        peers.up("bb", OTHER_FP, Optional.of("Alice [#mfrg]"));
        peers.up("cc", "ORSX G5DJ NZTS A3LP", Optional.of("-- Bob left (goodbye)"));
        assertThat(peers.label("aa").text()).isEqualTo("Alice [#mfrg]");
        assertThat(peers.label("bb").text()).isEqualTo("Alice [#mfrg] [#nbsw]");
        assertThat(peers.label("cc").text()).endsWith("[#orsx]");
    }
}
