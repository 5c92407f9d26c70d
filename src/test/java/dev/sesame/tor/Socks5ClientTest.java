package dev.sesame.tor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sesame.testing.RecordingResolverProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class Socks5ClientTest {
    private static final String ONION = "a".repeat(56) + ".onion";
    private static final byte[] NO_AUTH = {5, 0};
    private static final byte[] SUCCESS = {5, 0, 0, 1, 0, 0, 0, 0, 0, 0};

    private static FakeSocksServer server(byte[] method, byte[] connect) throws IOException {
        return new FakeSocksServer(new FakeSocksServer.Script() {
            @Override public byte[] methodReply(int offered) { return method; }
            @Override public byte[] connectReply() { return connect; }
        });
    }

    private static void dial(FakeSocksServer server, String host, Optional<Socks5Client.Isolation> isolation)
            throws IOException, Socks5Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            Socks5Client.connect(socket.getInputStream(), socket.getOutputStream(), host, 9000, isolation);
        }
    }

    @Test
    void sendsTheOnionNameToTheProxyUnresolved() throws Exception {
        try (FakeSocksServer server = server(NO_AUTH, SUCCESS)) {
            dial(server, ONION, Optional.empty());
            FakeSocksServer.Request request = server.request.get(10, TimeUnit.SECONDS);
            assertThat(request.addressType()).as("ATYP domain").isEqualTo(3);
            assertThat(request.host()).isEqualTo(ONION);
            assertThat(request.port()).isEqualTo(9000);
            assertThat(request.method()).isZero();
        }
    }

    @Test
    void neverAsksTheLocalResolverEvenForAResolvableName() throws Exception {
        String name = "peer" + RecordingResolverProvider.SUFFIX;
        try (FakeSocksServer server = server(NO_AUTH, SUCCESS)) {
            dial(server, name, Optional.empty());
            assertThat(server.request.get(10, TimeUnit.SECONDS).host()).isEqualTo(name);
        }
        assertThat(RecordingResolverProvider.LOOKUPS).doesNotContain(name);
    }

    @Test
    void sendsIsolationCredentialsWhenGiven() throws Exception {
        try (FakeSocksServer server = server(new byte[] {5, 2}, SUCCESS)) {
            dial(server, ONION, Optional.of(new Socks5Client.Isolation("sesame-1", "x")));
            FakeSocksServer.Request request = server.request.get(10, TimeUnit.SECONDS);
            assertThat(request.method()).isEqualTo(2);
            assertThat(request.username()).isEqualTo("sesame-1");
            assertThat(request.password()).isEqualTo("x");
        }
    }

    @Test
    void refusesIpLiteralsAndNonNames() {
        for (String bad : new String[] {"192.0.2.1", "::1", "", "a b.onion", "x".repeat(256)}) {
            assertThatThrownBy(() -> Socks5Client.checkedHostName(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void mapsEachFailureReplyToItsReason() throws Exception {
        int[][] cases = {{0x01}, {0x04}, {0x05}, {0x06}, {0xF2}};
        Socks5Exception.Reason[] expected = {Socks5Exception.Reason.GENERAL_FAILURE, Socks5Exception.Reason.HOST_UNREACHABLE,
                Socks5Exception.Reason.CONNECTION_REFUSED, Socks5Exception.Reason.TTL_EXPIRED, Socks5Exception.Reason.ONION_FAILURE};
        for (int i = 0; i < cases.length; i++) {
            byte[] reply = {5, (byte) cases[i][0], 0, 1, 0, 0, 0, 0, 0, 0};
            assertReason(NO_AUTH, reply, expected[i]);
        }
    }

    @Test
    void malformedRepliesAreTypedErrors() throws Exception {
        assertReason(new byte[] {4, 0}, SUCCESS, Socks5Exception.Reason.MALFORMED_REPLY); // SOCKS4 answer
        assertReason(new byte[] {5, 2}, SUCCESS, Socks5Exception.Reason.MALFORMED_REPLY); // method not offered
        assertReason(new byte[] {5, (byte) 0xFF}, SUCCESS, Socks5Exception.Reason.NO_ACCEPTABLE_METHOD);
        assertReason(NO_AUTH, new byte[] {6, 0, 0, 1, 0, 0, 0, 0, 0, 0}, Socks5Exception.Reason.MALFORMED_REPLY);
        assertReason(NO_AUTH, new byte[] {5, 0, 7, 1, 0, 0, 0, 0, 0, 0}, Socks5Exception.Reason.MALFORMED_REPLY);
        assertReason(NO_AUTH, new byte[] {5, 0, 0, 9, 0, 0, 0, 0, 0, 0}, Socks5Exception.Reason.MALFORMED_REPLY);
        assertReason(NO_AUTH, new byte[] {5, 0, 0, 3, 0}, Socks5Exception.Reason.MALFORMED_REPLY); // empty name
        assertReason(NO_AUTH, new byte[] {5, (byte) 0x99, 0, 1}, Socks5Exception.Reason.MALFORMED_REPLY);
        assertReason(NO_AUTH, new byte[] {5, 0, 0, 4, 1, 2}, Socks5Exception.Reason.CLOSED); // truncated IPv6
        assertReason(NO_AUTH, new byte[] {5}, Socks5Exception.Reason.CLOSED);
        assertReason(new byte[] {5}, SUCCESS, Socks5Exception.Reason.CLOSED);
    }

    @Test
    void refusedCredentialsAreTyped() throws Exception {
        try (FakeSocksServer server = new FakeSocksServer(new FakeSocksServer.Script() {
            @Override public byte[] methodReply(int offered) { return new byte[] {5, 2}; }
            @Override public byte[] authReply() { return new byte[] {1, 1}; }
            @Override public byte[] connectReply() { return SUCCESS; }
        })) {
            assertThatThrownBy(() -> dial(server, ONION, Optional.of(new Socks5Client.Isolation("u", "p"))))
                    .isInstanceOfSatisfying(Socks5Exception.class, e -> assertThat(e.reason()).isEqualTo(Socks5Exception.Reason.AUTH_REFUSED));
        }
    }

    private static void assertReason(byte[] method, byte[] connect, Socks5Exception.Reason reason) throws IOException {
        try (FakeSocksServer server = server(method, connect)) {
            assertThatThrownBy(() -> dial(server, ONION, Optional.empty()))
                    .as("method %s connect %s", java.util.Arrays.toString(method), java.util.Arrays.toString(connect))
                    .isInstanceOfSatisfying(Socks5Exception.class, e -> assertThat(e.reason()).isEqualTo(reason));
        }
    }
}
