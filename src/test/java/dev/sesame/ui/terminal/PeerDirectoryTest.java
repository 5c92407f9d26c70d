package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerDirectoryTest {
    @Test
    void aUniqueNameIsShownAlone() {
        PeerDirectory peers = new PeerDirectory();
        peers.up("aa", "MFRG GZDF MZTW Q2LK", Optional.of("alice"));
        assertThat(peers.label("aa")).isEqualTo(new PeerDirectory.Label("alice", false));
    }

    @Test
    void collidingNamesGetAShortFingerprint() {
        PeerDirectory peers = new PeerDirectory();
        peers.up("aa", "MFRG GZDF MZTW Q2LK", Optional.of("alice"));
        peers.up("bb", "NBSW Y3DP EB3W 64TM", Optional.of("Alice"));
        assertThat(peers.label("aa").text()).isEqualTo("alice [mfrg]");
        assertThat(peers.label("bb").text()).isEqualTo("Alice [nbsw]");
    }

    @Test
    void aPeerNamedLikeUsIsTaggedAndSoAreWe() {
        PeerDirectory peers = new PeerDirectory();
        peers.own(Optional.of("bob"), "ORSX G5DJ NZTS A3LP");
        peers.up("aa", "MFRG GZDF MZTW Q2LK", Optional.of("bob"));
        assertThat(peers.label("aa").text()).isEqualTo("bob [mfrg]");
        assertThat(peers.ownLabel().text()).isEqualTo("bob [orsx]");
    }

    @Test
    void withoutANameTheFingerprintStandsIn() {
        PeerDirectory peers = new PeerDirectory();
        peers.up("aa", "MFRG GZDF MZTW Q2LK", Optional.empty());
        assertThat(peers.label("aa").text()).isEqualTo("[mfrg]");
        assertThat(peers.ownLabel().text()).isEqualTo("you");
    }

    @Test
    void namesFromTheNetworkAreSanitised() {
        PeerDirectory peers = new PeerDirectory();
        peers.up("aa", "MFRG GZDF MZTW Q2LK", Optional.of("ev\u001b[2Jil\u202e"));
        assertThat(peers.label("aa").text()).isEqualTo("ev^[[2Jil");
    }

    @Test
    void verifiedIsRememberedAndCountsOnlyLinkedPeers() {
        PeerDirectory peers = new PeerDirectory();
        peers.up("aa", "MFRG GZDF MZTW Q2LK", Optional.of("alice"));
        peers.up("bb", "NBSW Y3DP EB3W 64TM", Optional.of("bob"));
        peers.verified("aa", "MFRG GZDF MZTW Q2LK");
        peers.down("bb");
        assertThat(peers.label("aa").verified()).isTrue();
        assertThat(peers.label("bb").verified()).isFalse();
        assertThat(peers.linked()).isEqualTo(1);
        assertThat(peers.up("bb", "NBSW Y3DP EB3W 64TM", Optional.of("bob"))).isTrue();
        assertThat(peers.up("bb", "NBSW Y3DP EB3W 64TM", Optional.of("bob"))).isFalse();
    }

    @Test
    void renameChangesTheLabel() {
        PeerDirectory peers = new PeerDirectory();
        peers.up("aa", "MFRG GZDF MZTW Q2LK", Optional.of("alice"));
        peers.renamed("aa", "MFRG GZDF MZTW Q2LK", Optional.of("alicia"));
        assertThat(peers.label("aa").text()).isEqualTo("alicia");
    }
}
