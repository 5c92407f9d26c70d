package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.link.TrafficShape;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusBarTest {
    private static String text(List<Glyph> row) {
        return String.join("", row.stream().map(Glyph::text).toList());
    }

    private static SessionStatus ready(boolean decoy) {
        SessionStatus status = new SessionStatus(decoy, TrafficShape.defaults());
        status.ready = true;
        status.fingerprint = "ORSX G5DJ NZTS A3LP";
        status.listen = "0.0.0.0:9000";
        return status;
    }

    @Test
    void titleShowsModeNameFingerprintAddressAndCoverCost() {
        PeerDirectory peers = new PeerDirectory();
        peers.own(Optional.of("carol"), "ORSX G5DJ NZTS A3LP");
        String title = text(StatusBar.title(ready(false), peers, 120));
        assertThat(title).startsWith(" REAL  carol [ORSX G5DJ NZTS A3LP] | listening on 0.0.0.0:9000 | cover on, 18.4 MB/h per link");
    }

    @Test
    void theTitleShowsTheFingerprintOnceEvenWhenAPeerSharesOurName() {
        PeerDirectory peers = new PeerDirectory();
        peers.own(Optional.of("carol"), "ORSX G5DJ NZTS A3LP");
        peers.up("aa", "MFRG GZDF MZTW Q2LK", Optional.of("Carol"));
        String title = text(StatusBar.title(ready(false), peers, 120));
        assertThat(title).startsWith(" REAL  carol [ORSX G5DJ NZTS A3LP] |").doesNotContain("#orsx");
    }

    @Test
    void decoyModeSaysSoInItsOwnStyle() {
        List<Glyph> title = StatusBar.title(ready(true), new PeerDirectory(), 100);
        assertThat(text(title)).startsWith(" DECOY ");
        assertThat(title.get(1).style()).isEqualTo(Style.STATUS_DECOY);
        assertThat(text(StatusBar.status(ready(true), new PeerDirectory(), new HistoryBuffer(), 100))).startsWith(" DECOY ");
    }

    @Test
    void statusShowsAloneLinkedKnownAndTtl() {
        SessionStatus status = ready(false);
        status.known = Optional.of(2);
        status.ttlSeconds = Optional.of(300L);
        String bar = text(StatusBar.status(status, new PeerDirectory(), new HistoryBuffer(), 120));
        assertThat(bar).contains("ALONE, still listening").contains("peers 0 linked / 2 known")
                .contains("messages vanish after 5m00s");
    }

    @Test
    void scrolledBackCountsNewLines() {
        HistoryBuffer history = new HistoryBuffer();
        for (int i = 0; i < 10; i++) history.add(HistoryEntry.system(HistoryEntry.Kind.NOTICE, java.time.Instant.EPOCH, "x"), 1);
        history.scrollBack(3);
        history.add(HistoryEntry.system(HistoryEntry.Kind.NOTICE, java.time.Instant.EPOCH, "y"), 1);
        String bar = text(StatusBar.status(ready(false), new PeerDirectory(), history, 120));
        assertThat(bar).contains("SCROLLED BACK (1 new): End for live");
    }

    @Test
    void barsAreExactlyAsWideAsTheScreenAndKeepTheModeWhenNarrow() {
        PeerDirectory peers = new PeerDirectory();
        peers.own(Optional.of("名前がとても長い人"), "ORSX G5DJ NZTS A3LP");
        for (int width = 1; width <= 130; width++) {
            assertThat(Glyph.width(StatusBar.title(ready(true), peers, width))).isEqualTo(width);
            assertThat(Glyph.width(StatusBar.status(ready(true), peers, new HistoryBuffer(), width))).isEqualTo(width);
        }
        assertThat(text(StatusBar.title(ready(true), peers, 30))).startsWith(" DECOY ");
    }

    @Test
    void costsAreInDecimalUnits() {
        assertThat(StatusBar.bytes(512)).isEqualTo("512 B");
        assertThat(StatusBar.bytes(new TrafficShape(true, Duration.ofMillis(100)).idleBytesPerHour())).isEqualTo("18.4 MB");
        assertThat(StatusBar.bytes(new TrafficShape(false, Duration.ofMillis(100)).idleBytesPerHour())).isEqualTo("369 kB");
    }
}
