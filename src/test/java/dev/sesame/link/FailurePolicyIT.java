package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TestNode;
import dev.sesame.util.ByteWriter;
import dev.sesame.wire.Cell;
import dev.sesame.wire.CellCodec;
import dev.sesame.wire.Fragmenter;
import dev.sesame.wire.HandshakeMessage;
import dev.sesame.wire.PeerMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The failure policy of docs/SECURITY.md ("Failure policy"), for the rules that
 * {@link HostileClientsIT} does not already drive: an unknown handshake version, oversized
 * messages and fields before and after authentication, unknown types and flags inside the
 * ratchet, and a link that skips its PROFILE. Each case sends the crafted input to a real node,
 * waits for its {@code rejected} event with the typed reason, sees the link closed, and the node
 * keeps serving (the last test).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailurePolicyIT {
    private SesameProcess node;
    private TestNode attacker;

    @BeforeAll
    void startNode() {
        node = SesameProcess.start("node", "open sesame", "--cover", "off", "--max-links-per-address", "64");
        node.awaitSince(0, e -> e.path("event").asText().equals("ready"), Duration.ofSeconds(90));
        attacker = new TestNode("open sesame");
    }

    @AfterAll
    void stop() {
        node.close();
        attacker.close();
    }

    // ---- before authentication: right after TLS ----

    @Test
    void anUnknownHandshakeVersionIsRejected() throws Exception {
        byte[] hello = new ByteWriter().u8(HandshakeMessage.TYPE_HELLO).u8(HandshakeMessage.Hello.VERSION + 7)
                .u8(HandshakeMessage.Hello.ROLE_DIALER).u16(0).bytes(new byte[32]).toByteArray();
        beforeAuthentication(out -> send(out, Fragmenter.split(Cell.Type.HANDSHAKE, hello)), "unsupported_version");
    }

    @Test
    void anOversizedHandshakeMessageIsRejectedBeforeItIsBuffered() throws Exception {
        int cells = Limits.MAX_HANDSHAKE_MESSAGE_BYTES / Limits.CELL_PAYLOAD_BYTES + 2;
        beforeAuthentication(out -> {
            for (int i = 0; i < cells; i++) {
                out.write(CellCodec.encode(new Cell(Cell.Type.HANDSHAKE, false, new byte[Limits.CELL_PAYLOAD_BYTES])));
            }
        }, "too_long");
    }

    @Test
    void anOversizedFieldInHelloIsRejected() throws Exception {
        // HELLO whose ML-KEM key claims 65535 bytes (the limit is 2048): refused on the length alone.
        ByteWriter w = new ByteWriter().u8(HandshakeMessage.TYPE_HELLO).u8(HandshakeMessage.Hello.VERSION)
                .u8(HandshakeMessage.Hello.ROLE_DIALER).u16(0).bytes(new byte[32]);
        dev.sesame.wire.Endpoint.encodeList(w, java.util.List.of());
        byte[] hello = w.u16(0xffff).toByteArray();
        beforeAuthentication(out -> send(out, Fragmenter.split(Cell.Type.HANDSHAKE, hello)), "too_long");
    }

    // ---- after authentication: inside the ratchet ----

    @Test
    void anOversizedRecordIsRejectedBeforeItIsBuffered() throws Exception {
        int cells = Limits.MAX_RECORD_BYTES / Limits.CELL_PAYLOAD_BYTES + 2;
        afterAuthentication((out, ratchet) -> {
            for (int i = 0; i < cells; i++) {
                out.write(CellCodec.encode(new Cell(Cell.Type.RECORD, false, new byte[Limits.CELL_PAYLOAD_BYTES])));
            }
        }, "too_long");
    }

    @Test
    void anUnknownPeerMessageTypeIsRejected() throws Exception {
        afterAuthentication((out, ratchet) -> {
            sendRecord(out, ratchet, new PeerMessage.Profile("").encode());
            sendRecord(out, ratchet, new byte[] {99});
        }, "unknown_type");
    }

    @Test
    void anUnknownChatFlagIsRejected() throws Exception {
        afterAuthentication((out, ratchet) -> {
            sendRecord(out, ratchet, new PeerMessage.Profile("").encode());
            sendRecord(out, ratchet, new ByteWriter().u8(PeerMessage.TYPE_CHAT).bytes(new byte[16]).u8(0x80).u32(0)
                    .var16("hi".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toByteArray());
        }, "unknown_flag");
    }

    @Test
    void anOversizedTextIsRejected() throws Exception {
        // A chat text that claims 32768 bytes (the limit is 16384): refused on the length alone.
        afterAuthentication((out, ratchet) -> {
            sendRecord(out, ratchet, new PeerMessage.Profile("").encode());
            sendRecord(out, ratchet, new ByteWriter().u8(PeerMessage.TYPE_CHAT).bytes(new byte[16]).u8(0).u32(0)
                    .u16(2 * Limits.MAX_TEXT_BYTES).toByteArray());
        }, "too_long");
    }

    @Test
    void aLinkThatDoesNotStartWithItsProfileIsClosed() throws Exception {
        afterAuthentication((out, ratchet) -> sendRecord(out, ratchet, new PeerMessage.Goodbye().encode()),
                "expected_profile");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void theNodeStillServesRealPeersAfterAllOfThis() {
        try (SesameProcess peer = SesameProcess.start("peer", "open sesame", "--cover", "off", "--peer", node.address())) {
            // Generous: on a loaded machine a JVM start and the Argon2id derivation alone can take 20 s.
            String id = peer.awaitSince(0, e -> e.path("event").asText().equals("ready"), Duration.ofSeconds(90)).path("peer_id").asText();
            node.awaitSince(0, e -> e.path("event").asText().equals("peer_up") && e.path("peer_id").asText().equals(id),
                    Duration.ofSeconds(90));
        }
    }

    // ---- helpers ----

    private interface Crafted {
        void write(OutputStream out) throws Exception;
    }

    private interface CraftedRecords {
        void write(OutputStream out, dev.sesame.ratchet.DoubleRatchet ratchet) throws Exception;
    }

    private void beforeAuthentication(Crafted crafted, String reason) throws Exception {
        int mark = node.mark();
        TlsChannel channel = attacker.tlsOnly(node.port());
        crafted.write(channel.output());
        channel.output().flush();
        awaitRejected(mark, reason);
        channel.setReadTimeout(Duration.ofSeconds(10));
        channel.input().readAllBytes(); // the node closed the connection
        channel.close();
    }

    private void afterAuthentication(CraftedRecords crafted, String reason) throws Exception {
        int mark = node.mark();
        Connector.Authenticated session = attacker.dial(node.port(), 1);
        try {
            crafted.write(session.channel().output(), session.session().ratchet());
            session.channel().output().flush();
            awaitRejected(mark, reason);
            session.channel().setReadTimeout(Duration.ofSeconds(10));
            session.channel().input().readAllBytes(); // the node closed the link
        } finally {
            session.channel().close();
            session.session().ratchet().close();
        }
    }

    private void awaitRejected(int mark, String reason) {
        node.awaitSince(mark, e -> e.path("event").asText().equals("rejected") && e.path("reason").asText().equals(reason),
                Duration.ofSeconds(20));
    }

    private static void sendRecord(OutputStream out, dev.sesame.ratchet.DoubleRatchet ratchet, byte[] plaintext) throws IOException {
        byte[] record;
        try {
            record = ratchet.encrypt(plaintext);
        } catch (dev.sesame.ratchet.RatchetException e) {
            throw new IOException("the test's own ratchet failed", e);
        }
        send(out, Fragmenter.split(Cell.Type.RECORD, record));
    }

    private static void send(OutputStream out, java.util.List<Cell> cells) throws IOException {
        for (Cell cell : cells) out.write(CellCodec.encode(cell));
    }
}
