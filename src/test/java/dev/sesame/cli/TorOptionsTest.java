package dev.sesame.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sesame.tor.TorSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --tor} refuses every option that could make a direct connection or a lookup (docs/SECURITY.md "Tor"). */
class TorOptionsTest {
    private static final String ONION = "ylnvor3fqlsjex6np4oyrxu6xndag2mrulso7pbc3vblrq64omjpeiqd.onion:9000";

    private static Options parse(String... args) {
        Options o = new Options();
        new CommandLine(o).parseArgs(args);
        return o;
    }

    @Test
    void acceptsOnionPeersAndLoopbackTorPortsWithDocumentedDefaults() throws Exception {
        TorSettings tor = TorOptions.of(parse("--tor", "--peer", ONION, "--tor-control", "localhost:9151", "--tor-socks", "127.0.0.1:9150"))
                .orElseThrow();
        assertThat(tor.control().orElseThrow().getPort()).isEqualTo(9151);
        assertThat(tor.socks().orElseThrow().getAddress().isLoopbackAddress()).isTrue();
        assertThat(tor.silenceTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(tor.dialTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(tor.virtualPort()).isEqualTo(9000);
    }

    @Test
    void refusesWhatWouldLeaveTor() {
        assertThatThrownBy(() -> TorOptions.of(parse("--tor", "--bind", "0.0.0.0"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> TorOptions.of(parse("--tor", "--peer", "192.0.2.1:9000"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> TorOptions.of(parse("--tor", "--peer", "example.org:9000"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> TorOptions.of(parse("--tor", "--tor-control", "192.0.2.1:9051"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> TorOptions.of(parse("--tor", "--tor-socks", "tor.example:9050"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> TorOptions.of(parse("--tor", "--tor-silence-timeout", "0"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> TorOptions.of(parse("--tor", "--port", "0"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> TorOptions.of(parse("--tor", "--relay", "127.0.0.1:9700"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("reveal your address");
        assertThatThrownBy(() -> TorOptions.of(parse("--tor", "--room", "abcd-efgh"))).isInstanceOf(UsageException.class);
    }

    @Test
    void onionPeersAndTorPortsNeedTor() throws Exception {
        assertThatThrownBy(() -> TorOptions.of(parse("--peer", ONION))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> TorOptions.of(parse("--tor-control", "127.0.0.1:9051"))).isInstanceOf(UsageException.class);
        assertThat(TorOptions.of(parse("--peer", "192.0.2.1:9000"))).isEmpty();
    }
}
