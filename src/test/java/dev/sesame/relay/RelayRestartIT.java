package dev.sesame.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.testing.RelayProcess;
import dev.sesame.testing.SesameProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Killing the relay ends the relayed links with a reason the interface shows (relay_down,
 * peer_down); starting it again on the same port brings the members back by themselves.
 */
class RelayRestartIT {
    private static final String PHRASE = "relay restart test phrase";

    @Test
    void killingTheRelayEndsRelayedLinksWithAReasonAndARestartBringsThemBack() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        RelayProcess relay = RelayProcess.start(port);
        // not pinned: a restarted relay has a new certificate (docs/USAGE.md)
        try (SesameProcess a = SesameProcess.start("a", PHRASE, "--no-listen", "--relay", "127.0.0.1:" + port, "--room", "restart");
             SesameProcess b = SesameProcess.start("b", PHRASE, "--no-listen", "--relay", "127.0.0.1:" + port, "--room", "restart")) {
            for (SesameProcess n : List.of(a, b)) Await.event(n, "peer_up", e -> e.path("via").asText().equals("relay"));
            int markA = a.mark();
            int markB = b.mark();
            relay.kill();
            for (SesameProcess n : List.of(a, b)) {
                int mark = n == a ? markA : markB;
                Await.eventSince(n, mark, "relay_down", e -> e.path("reason").asText().equals("closed"));
                Await.eventSince(n, mark, "peer_down", e -> !e.path("reason").asText().isEmpty());
            }
            relay = RelayProcess.start(port);
            for (SesameProcess n : List.of(a, b)) {
                int mark = n == a ? markA : markB;
                Await.eventSince(n, mark, "relay_up", e -> true);
                Await.eventSince(n, mark, "peer_up", e -> e.path("via").asText().equals("relay"));
            }
            a.send("back after the restart");
            Await.message(b, "back after the restart");
        } finally {
            relay.close();
        }
        assertThat(relay.lines()).noneMatch(l -> l.contains("restart"));
    }
}
