package dev.sesame.tor;

import static dev.sesame.tor.FakeTorControl.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control-port client against replies recorded from tor 0.4.9 (control-spec §3), errors included. */
class TorControllerTest {
    private static final String ID = "gfowre356j4zkvndhmq2jgqfxf4wfepa5e44p5xiddyp6h7u5yryxayd";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir Path dir;
    private final LinkedBlockingQueue<TorEvent> events = new LinkedBlockingQueue<>();

    private Path cookie(byte[] bytes) throws Exception {
        Path file = dir.resolve("control_auth_cookie");
        Files.write(file, bytes);
        return file;
    }

    private static String protocolInfo(String methods, Path cookie) {
        return reply("250-PROTOCOLINFO 1", "250-AUTH METHODS=" + methods + " COOKIEFILE=\"" + cookie + "\"",
                "250-VERSION Tor=\"0.4.9.11\"", "250 OK");
    }

    /** A tor that knows {@code cookie}: answers AUTHCHALLENGE honestly and checks the client's proof. */
    private static Function<String, String> honestTor(byte[] cookie, Path cookieFile, Function<String, String> rest) {
        byte[] serverNonce = new byte[32];
        java.util.Arrays.fill(serverNonce, (byte) 7);
        byte[][] clientNonce = new byte[1][];
        HexFormat hex = HexFormat.of().withUpperCase();
        return command -> {
            if (command.equals("PROTOCOLINFO 1")) return protocolInfo("COOKIE,SAFECOOKIE", cookieFile);
            if (command.startsWith("AUTHCHALLENGE SAFECOOKIE ")) {
                clientNonce[0] = HexFormat.of().parseHex(command.substring(25));
                return reply("250 AUTHCHALLENGE SERVERHASH=" + hex.formatHex(SafeCookie.serverHash(cookie, clientNonce[0], serverNonce))
                        + " SERVERNONCE=" + hex.formatHex(serverNonce));
            }
            if (command.startsWith("AUTHENTICATE ")) {
                byte[] expected = SafeCookie.clientHash(cookie, clientNonce[0], serverNonce);
                return command.substring(13).equals(hex.formatHex(expected)) ? reply("250 OK")
                        : reply("515 Authentication failed: Safe cookie response did not match expected value.");
            }
            return rest.apply(command);
        };
    }

    private static byte[] cookieBytes() {
        byte[] c = new byte[32];
        for (int i = 0; i < c.length; i++) c[i] = (byte) (i * 13);
        return c;
    }

    @Test
    void authenticatesWithSafeCookieAndNeverSendsTheCookie() throws Exception {
        byte[] cookie = cookieBytes();
        FakeTorControl tor = new FakeTorControl(honestTor(cookie, cookie(cookie), c -> reply("510 Unrecognized command")));
        try (TorController controller = tor.controller(events::add, TIMEOUT)) {
            controller.authenticate();
        }
        assertThat(tor.commands).hasSize(3);
        assertThat(String.join("\n", tor.commands)).doesNotContainIgnoringCase(HexFormat.of().formatHex(cookie));
    }

    @Test
    void refusesAControlPortThatDoesNotKnowTheCookie() throws Exception {
        Path file = cookie(cookieBytes());
        FakeTorControl tor = new FakeTorControl(honestTor(new byte[32], file, c -> reply("250 OK"))); // an impostor's cookie
        try (TorController controller = tor.controller(events::add, TIMEOUT)) {
            assertThatThrownBy(controller::authenticate).isInstanceOfSatisfying(TorControlException.class,
                    e -> assertThat(e.reason()).isEqualTo(TorControlException.Reason.AUTH_FAILED));
        }
        assertThat(tor.commands).noneMatch(c -> c.startsWith("AUTHENTICATE"));
    }

    @Test
    void badAuthenticationIsTyped() throws Exception {
        Path file = cookie(cookieBytes());
        FakeTorControl tor = new FakeTorControl(c -> c.startsWith("PROTOCOLINFO") ? protocolInfo("COOKIE", file)
                : reply("515 Authentication failed: Authentication cookie did not match expected value."));
        try (TorController controller = tor.controller(events::add, TIMEOUT)) {
            assertThatThrownBy(controller::authenticate).isInstanceOfSatisfying(TorControlException.class, e -> {
                assertThat(e.reason()).isEqualTo(TorControlException.Reason.AUTH_FAILED);
                assertThat(e.getMessage()).contains("515");
            });
        }
    }

    @Test
    void aPasswordOnlyControlPortSaysWhatToConfigure() throws Exception {
        FakeTorControl tor = new FakeTorControl(c -> reply("250-PROTOCOLINFO 1", "250-AUTH METHODS=HASHEDPASSWORD", "250 OK"));
        try (TorController controller = tor.controller(events::add, TIMEOUT)) {
            assertThatThrownBy(controller::authenticate).isInstanceOfSatisfying(TorControlException.class, e -> {
                assertThat(e.reason()).isEqualTo(TorControlException.Reason.NO_AUTH_METHOD);
                assertThat(e.getMessage()).contains("CookieAuthentication 1");
            });
        }
    }

    @Test
    void aCookieFileOfTheWrongSizeIsRefusedBeforeReading() throws Exception {
        Path file = cookie(new byte[33]);
        FakeTorControl tor = new FakeTorControl(c -> protocolInfo("COOKIE,SAFECOOKIE", file));
        try (TorController controller = tor.controller(events::add, TIMEOUT)) {
            assertThatThrownBy(controller::authenticate).isInstanceOfSatisfying(TorControlException.class,
                    e -> assertThat(e.reason()).isEqualTo(TorControlException.Reason.COOKIE_UNREADABLE));
        }
    }

    @Test
    void addsADiscardPkOnionAndReturnsItsId() throws Exception {
        FakeTorControl tor = new FakeTorControl(c -> reply("250-ServiceID=" + ID, "250 OK"));
        try (TorController controller = tor.controller(events::add, TIMEOUT)) {
            assertThat(controller.addOnion(9000, 41234)).isEqualTo(ID);
        }
        assertThat(tor.commands).containsExactly("ADD_ONION NEW:ED25519-V3 Flags=DiscardPK Port=9000,127.0.0.1:41234");
    }

    @Test
    void addOnionRefusedIsTyped() throws Exception {
        for (String refusal : List.of("512 Invalid VIRTPORT/TARGET", "513 Invalid key type", "551 Failed to add Onion Service")) {
            FakeTorControl tor = new FakeTorControl(c -> reply(refusal));
            try (TorController controller = tor.controller(events::add, TIMEOUT)) {
                assertThatThrownBy(() -> controller.addOnion(9000, 41234)).as(refusal).isInstanceOfSatisfying(TorControlException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TorControlException.Reason.REFUSED);
                    assertThat(e.getMessage()).contains(refusal);
                });
            }
        }
    }

    @Test
    void anOnionReplyWithAKeyOrABadIdIsAProtocolError() throws Exception {
        for (String[] bad : List.of(new String[] {"250-ServiceID=" + ID, "250-PrivateKey=ED25519-V3:abc", "250 OK"},
                new String[] {"250-ServiceID=NOTANID", "250 OK"}, new String[] {"250 OK"})) {
            FakeTorControl tor = new FakeTorControl(c -> reply(bad));
            try (TorController controller = tor.controller(events::add, TIMEOUT)) {
                assertThatThrownBy(() -> controller.addOnion(9000, 41234)).isInstanceOfSatisfying(TorControlException.class,
                        e -> assertThat(e.reason()).isEqualTo(TorControlException.Reason.PROTOCOL));
            }
        }
    }

    @Test
    void readsTheBootstrapPhase() throws Exception {
        FakeTorControl tor = new FakeTorControl(c -> reply(
                "250-status/bootstrap-phase=NOTICE BOOTSTRAP PROGRESS=85 TAG=ap_conn_done SUMMARY=\"Connected to a relay to build circuits\"", "250 OK"));
        try (TorController controller = tor.controller(events::add, TIMEOUT)) {
            assertThat(controller.bootstrapPhase()).isEqualTo(new TorEvent.Bootstrap(85, "ap_conn_done", "Connected to a relay to build circuits"));
        }
    }

    @Test
    void deliversBootstrapAndDescriptorEventsInOrder() throws Exception {
        FakeTorControl tor = new FakeTorControl(c -> reply("250 OK"));
        try (TorController controller = tor.controller(events::add, TIMEOUT)) {
            controller.watchEvents();
            tor.push(reply("650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=50 TAG=loading_descriptors SUMMARY=\"Loading relay descriptors\""));
            tor.push(reply("650 STATUS_CLIENT WARN BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY=\"Connecting\" WARNING=\"Connection refused\" REASON=CONNECTREFUSED COUNT=1 RECOMMENDATION=ignore"));
            tor.push(reply("650 HS_DESC UPLOAD " + ID + " UNKNOWN $652A9AF423084DCAC7309370A0E1FC1DB9D832FD~relay1 OygjUgNr HSDIR_INDEX=2EC7"));
            tor.push(reply("650 HS_DESC FAILED " + ID + " UNKNOWN $652A9AF423084DCAC7309370A0E1FC1DB9D832FD~relay1 REASON=UPLOAD_REJECTED"));
            tor.push(reply("650 HS_DESC UPLOADED " + ID + " UNKNOWN $652A9AF423084DCAC7309370A0E1FC1DB9D832FD~relay1"));
            tor.push(reply("650 CIRC 1 BUILT"));
            assertThat(next()).isEqualTo(new TorEvent.Bootstrap(50, "loading_descriptors", "Loading relay descriptors"));
            assertThat(next()).isEqualTo(new TorEvent.BootstrapProblem(5, "CONNECTREFUSED", "Connection refused"));
            assertThat(next()).isEqualTo(new TorEvent.DescriptorFailed(ID, "UPLOAD_REJECTED"));
            assertThat(next()).isEqualTo(new TorEvent.DescriptorUploaded(ID));
        }
        assertThat(tor.commands).containsExactly("SETEVENTS STATUS_CLIENT HS_DESC");
    }

    @Test
    void torExitingMidCommandEndsItAndIsReportedOnce() throws Exception {
        FakeTorControl tor = new FakeTorControl(c -> null);
        try (TorController controller = tor.controller(events::add, TIMEOUT)) {
            Thread.ofVirtual().start(() -> {
                awaitCommand(tor);
                tor.exit();
            });
            assertThatThrownBy(() -> controller.addOnion(9000, 41234)).isInstanceOfSatisfying(TorControlException.class,
                    e -> assertThat(e.reason()).isEqualTo(TorControlException.Reason.CLOSED));
            assertThat(next()).isInstanceOfSatisfying(TorEvent.ConnectionLost.class,
                    e -> assertThat(e.reason()).isEqualTo(TorControlException.Reason.CLOSED));
            assertThatThrownBy(controller::bootstrapPhase).isInstanceOfSatisfying(TorControlException.class,
                    e -> assertThat(e.reason()).isEqualTo(TorControlException.Reason.CLOSED));
            assertThat(controller.open()).isFalse();
        }
        assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aCommandTorNeverAnswersTimesOut() throws Exception {
        FakeTorControl tor = new FakeTorControl(c -> null);
        try (TorController controller = tor.controller(events::add, Duration.ofMillis(200))) {
            assertThatThrownBy(controller::watchEvents).isInstanceOfSatisfying(TorControlException.class,
                    e -> assertThat(e.reason()).isEqualTo(TorControlException.Reason.TIMEOUT));
        }
    }

    @Test
    void malformedRepliesEndTheConnectionWithAProtocolReason() throws Exception {
        List<String> malformed = List.of("250 OK\n", "25 OK\r\n", "2x0 OK\r\n", "250*OK\r\n", "250-a\r\n251 b\r\n",
                "250 O\u0001K\r\n", "250-" + "x".repeat(20_000) + "\r\n", "250+data\r\n" + "line\r\n".repeat(600) + ".\r\n250 OK\r\n",
                "700 OK\r\n");
        for (String raw : malformed) {
            LinkedBlockingQueue<TorEvent> seen = new LinkedBlockingQueue<>();
            FakeTorControl tor = new FakeTorControl(c -> raw);
            try (TorController controller = tor.controller(seen::add, TIMEOUT)) {
                assertThatThrownBy(controller::watchEvents).as(raw.substring(0, Math.min(30, raw.length())))
                        .isInstanceOfSatisfying(TorControlException.class, e -> assertThat(e.reason()).isEqualTo(TorControlException.Reason.PROTOCOL));
                assertThat(seen.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(TorEvent.ConnectionLost.class,
                        e -> assertThat(e.reason()).isEqualTo(TorControlException.Reason.PROTOCOL));
            }
        }
    }

    @Test
    void takesOwnershipAndDropsThePidCheck() throws Exception {
        FakeTorControl tor = new FakeTorControl(c -> reply("250 OK"));
        try (TorController controller = tor.controller(events::add, TIMEOUT)) {
            controller.takeOwnership();
            controller.delOnion(ID);
        }
        assertThat(tor.commands).containsExactly("TAKEOWNERSHIP", "RESETCONF __OwningControllerProcess", "DEL_ONION " + ID);
    }

    private TorEvent next() throws InterruptedException {
        TorEvent e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event within 10 s").isNotNull();
        return e;
    }

    private static void awaitCommand(FakeTorControl tor) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tor.commands.isEmpty() && System.nanoTime() < deadline) Thread.onSpinWait();
    }
}
