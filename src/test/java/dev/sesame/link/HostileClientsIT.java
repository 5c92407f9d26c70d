package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TestNode;
import dev.sesame.wire.Cell;
import dev.sesame.wire.CellCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a node does with connections that are not honest peers: each is rejected with a reason
 * and the node keeps serving real peers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileClientsIT {
    private SesameProcess node;
    private TestNode attacker;

    @BeforeAll
    void startNode() {
        node = SesameProcess.start("node", "open sesame", "--max-links-per-address", "64");
        node.ready();
        attacker = new TestNode("open sesame");
    }

    @AfterAll
    void stop() {
        node.close();
        attacker.close();
    }

    /** Sends one crafted cell right after TLS and expects a rejection naming {@code reason}. */
    private void craftedCellIsRejected(Consumer<byte[]> tamper, String reason) throws Exception {
        int mark = node.mark();
        TlsChannel channel = attacker.tlsOnly(node.port());
        byte[] cell = CellCodec.encode(new Cell(Cell.Type.HANDSHAKE, true, new byte[] {1, 1, 1}));
        tamper.accept(cell);
        channel.output().write(cell);
        channel.output().flush();
        node.awaitSince(mark, e -> e.path("event").asText().equals("rejected") && e.path("reason").asText().equals(reason),
                Duration.ofSeconds(20));
        channel.setReadTimeout(Duration.ofSeconds(10));
        channel.input().readAllBytes(); // what the node sent before it saw our cell, then the end: it closed the link
        channel.close();
    }

    @Test
    void wrongProtocolVersionIsRejected() throws Exception {
        craftedCellIsRejected(c -> c[0] = 7, "unsupported_version");
    }

    /**
     * A version-1 peer (docs/PROTOCOL.md §Versions): its HELLO has version 1's layout, which
     * version 2 does not try to read. The node refuses it with {@code unsupported_version}.
     */
    @Test
    void aVersionOnePeersHelloIsRefusedAsUnsupported() throws Exception {
        int mark = node.mark();
        TlsChannel channel = attacker.tlsOnly(node.port());
        byte[] v1Hello = new dev.sesame.util.ByteWriter().u8(dev.sesame.wire.HandshakeMessage.TYPE_HELLO).u8(1).u8(1).u16(9000)
                .u16(100).bytes(new byte[32]).var16(new byte[1184]).var16(new byte[300]).toByteArray();
        for (Cell cell : dev.sesame.wire.Fragmenter.split(Cell.Type.HANDSHAKE, v1Hello)) channel.output().write(CellCodec.encode(cell));
        channel.output().flush();
        node.awaitSince(mark, e -> e.path("event").asText().equals("rejected")
                && e.path("reason").asText().equals("unsupported_version"), Duration.ofSeconds(20));
        channel.setReadTimeout(Duration.ofSeconds(10));
        channel.input().readAllBytes(); // the node's own HELLO, then the end: it closed the link
        channel.close();
    }

    @Test
    void unknownCellTypeIsRejected() throws Exception {
        craftedCellIsRejected(c -> c[1] = 42, "unknown_type");
    }

    @Test
    void unknownFlagIsRejected() throws Exception {
        craftedCellIsRejected(c -> c[2] = (byte) 0x81, "unknown_flag");
    }

    @Test
    void oversizedLengthIsRejected() throws Exception {
        craftedCellIsRejected(c -> {
            c[3] = (byte) 0xff;
            c[4] = (byte) 0xff;
        }, "too_long");
    }

    @Test
    void nonZeroPaddingIsRejected() throws Exception {
        craftedCellIsRejected(c -> c[Limits.CELL_BYTES - 1] = 1, "nonzero_padding");
    }

    @Test
    void unknownHandshakeMessageIsRejected() throws Exception {
        craftedCellIsRejected(c -> c[Limits.CELL_HEADER_BYTES] = 77, "unknown_type");
    }

    @Test
    void garbageInsteadOfTlsIsRejected() throws IOException {
        int mark = node.mark();
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            OutputStream out = socket.getOutputStream();
            byte[] garbage = new byte[600];
            new java.util.Random(7).nextBytes(garbage);
            out.write(garbage);
            out.flush();
            node.awaitSince(mark, e -> e.path("event").asText().equals("rejected")
                    && e.path("reason").asText().equals("tls_failed"), Duration.ofSeconds(20));
        }
    }

    @Test
    void silentClientsDoNotDelayARealPeer() throws IOException {
        List<Socket> silent = new ArrayList<>();
        try {
            // Connect, then say nothing: one from the real peer's own address, ten from another.
            silent.add(new Socket("127.0.0.1", node.port()));
            for (int i = 0; i < 10; i++) {
                Socket s = new Socket();
                s.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
                s.connect(new java.net.InetSocketAddress("127.0.0.1", node.port()));
                silent.add(s);
            }
            long start = System.nanoTime();
            try (SesameProcess peer = SesameProcess.start("peer", "open sesame", "--peer", node.address())) {
                node.await("peer_up", e -> e.path("peer_id").asText().equals(peer.peerId()));
                peer.await("peer_up", e -> e.path("peer_id").asText().equals(node.peerId()));
                peer.send("through");
                node.await("message", e -> e.path("text").asText().equals("through"));
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                // Well under the TLS handshake timeout the silent clients are still holding.
                assertThat(waited).isLessThan(Limits.TLS_HANDSHAKE_TIMEOUT);
                assertThat(silent.stream().allMatch(s -> !s.isClosed())).isTrue();
            }
            // And the silent ones are dropped when their time is up.
            node.await("rejected", e -> e.path("reason").asText().equals("timeout"));
        } finally {
            for (Socket s : silent) s.close();
        }
    }

    /** Connecting to ourselves through another address (a forwarder) is caught by the handshake. */
    @Test
    void selfConnectionIsRejected() throws IOException {
        int selfPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            selfPort = probe.getLocalPort();
        }
        try (ServerSocket forwarder = new ServerSocket()) {
            forwarder.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread.ofVirtual().start(() -> forward(forwarder, selfPort));
            try (SesameProcess self = SesameProcess.start("self", "open sesame", "--port", Integer.toString(selfPort),
                    "--peer", "127.0.0.1:" + forwarder.getLocalPort())) {
                self.await("rejected", e -> e.path("reason").asText().equals("self_connection"));
                assertThat(self.events("peer_up")).isEmpty();
            }
        }
    }

    @Test
    void theNodeStillServesRealPeersAfterAllOfThis() throws Exception {
        wrongProtocolVersionIsRejected();
        garbageInsteadOfTlsIsRejected();
        try (SesameProcess peer = SesameProcess.start("late", "open sesame", "--peer", node.address())) {
            node.await("peer_up", e -> e.path("peer_id").asText().equals(peer.peerId()));
            peer.await("peer_up", e -> e.path("peer_id").asText().equals(node.peerId()));
            node.send("still here");
            peer.await("message", e -> e.path("text").asText().equals("still here"));
        }
    }

    /** Forwards every connection on {@code forwarder} to {@code port}, both ways. */
    private static void forward(ServerSocket forwarder, int port) {
        while (!forwarder.isClosed()) {
            try {
                Socket in = forwarder.accept();
                Socket out = new Socket("127.0.0.1", port);
                Thread.ofVirtual().start(() -> pump(in, out));
                Thread.ofVirtual().start(() -> pump(out, in));
            } catch (IOException e) {
                return;
            }
        }
    }

    static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side closed: the other follows below
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
