package dev.sesame.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.link.Identity;
import dev.sesame.link.TlsChannel;
import dev.sesame.link.TlsContext;
import dev.sesame.relay.RelayMessage.MemberId;
import dev.sesame.transport.Pipe;
import dev.sesame.transport.PipeSource;
import dev.sesame.transport.Via;
import dev.sesame.util.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay and its client in one JVM over loopback: matching, splicing, and the limits that keep strangers small. */
class RelayServerTest {
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final TlsContext tls = new TlsContext(Identity.generate(random), random);
    private RelayServer server;
    private final byte[] room = RoomName.hash("test room");

    @BeforeEach
    void start() throws IOException {
        server = RelayServer.bind(new InetSocketAddress("127.0.0.1", 0), random, Clock.SYSTEM, timer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        timer.shutdownNow();
    }

    private RelayAddress address() {
        return RelayAddress.parse("127.0.0.1:" + server.port() + "#" + server.fingerprint().text()).orElseThrow();
    }

    private static MemberId member(int value) {
        byte[] id = new byte[16];
        Arrays.fill(id, (byte) value);
        return new MemberId(id);
    }

    /** A client whose events land in queues. */
    private final class Member implements AutoCloseable {
        final BlockingQueue<List<MemberId>> presence = new LinkedBlockingQueue<>();
        final BlockingQueue<String> states = new LinkedBlockingQueue<>();
        final BlockingQueue<Pipe> arrived = new LinkedBlockingQueue<>();
        final RelayClient client;

        Member(MemberId id, RelayAddress at) {
            client = new RelayClient(at, room, id, tls, timer, random, new RelayClient.Listener() {
                @Override
                public void up(RelayAddress relay, RelayFingerprint fingerprint) {
                    states.add("up");
                }

                @Override
                public void down(RelayAddress relay, RelayDown reason, String detail) {
                    states.add("down " + reason.code());
                }

                @Override
                public void presence(RelayAddress relay, List<MemberId> others) {
                    presence.add(others);
                }

                @Override
                public void pipeArrived(Pipe pipe) {
                    arrived.add(pipe);
                }
            });
            client.start();
        }

        List<MemberId> awaitPresence(int size) throws InterruptedException {
            while (true) {
                List<MemberId> next = presence.poll(10, TimeUnit.SECONDS);
                assertThat(next).as("presence of %d", size).isNotNull();
                if (next.size() == size) return next;
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** A raw TLS connection to the relay, speaking records directly. */
    private TlsChannel raw() throws Exception {
        Socket tcp = new Socket();
        tcp.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        return TlsChannel.open(tls, new SocketPipe(tcp), true, Duration.ofSeconds(10), timer);
    }

    private static void send(TlsChannel c, RelayMessage m) throws IOException {
        c.output().write(RelayCodec.encode(m));
        c.output().flush();
    }

    private static RelayMessage read(TlsChannel c) throws Exception {
        c.setReadTimeout(Duration.ofSeconds(10));
        return RelayCodec.read(c.input(), Limits.RELAY_MAX_RECORD_BYTES);
    }

    @Test
    void splicesOnePipeBetweenTwoMembersThatCarriesBytesBothWays() throws Exception {
        try (Member a = new Member(member(1), address()); Member b = new Member(member(2), address())) {
            assertThat(a.awaitPresence(1)).containsExactly(member(2));
            assertThat(b.awaitPresence(1)).containsExactly(member(1));
            Pipe dialled = a.client.pipeTo(member(2));
            Pipe offered = b.arrived.poll(10, TimeUnit.SECONDS);
            assertThat(offered).isNotNull();
            assertThat(dialled.via()).isEqualTo(Via.RELAY);
            assertThat(dialled.source()).isEqualTo(new PipeSource.Relay(address().hostPort()));
            dialled.output().write("ping".getBytes());
            dialled.output().flush();
            assertThat(offered.input().readNBytes(4)).isEqualTo("ping".getBytes());
            offered.output().write("pong".getBytes());
            offered.output().flush();
            assertThat(dialled.input().readNBytes(4)).isEqualTo("pong".getBytes());
            assertThat(server.stats().splicedPipes()).isEqualTo(1);
            dialled.close();
            assertThat(offered.input().read()).isEqualTo(-1);
            awaitStats(s -> s.splicedPipes() == 0 && s.connections() == 2);
        }
    }

    @Test
    void aPinnedFingerprintThatDoesNotMatchIsAClearFailure() throws Exception {
        RelayAddress wrong = RelayAddress.parse("127.0.0.1:" + server.port() + "#" + new RelayFingerprint(new byte[32]).text()).orElseThrow();
        try (Member a = new Member(member(1), wrong)) {
            assertThat(a.states.poll(10, TimeUnit.SECONDS)).isEqualTo("down fingerprint_mismatch");
            assertThat(server.stats().members()).isZero();
        }
    }

    @Test
    void aSecondConnectionWithTheSameMemberIdIsRefused() throws Exception {
        try (Member a = new Member(member(1), address())) {
            a.states.poll(10, TimeUnit.SECONDS);
            TlsChannel c = raw();
            send(c, new RelayMessage.Register(RelayMessage.VERSION, room, member(1).bytes()));
            assertThat(read(c)).isEqualTo(new RelayMessage.Refused(0, RelayRefusal.MEMBER_ID_TAKEN));
        }
    }

    @Test
    void membersRegisteringAtOnceEachHearRegisteredBeforeAnyPresence() throws Exception {
        // Presence for one member used to be sent outside the room's lock, so a member joining at
        // the same moment could hear PRESENCE before its own REGISTERED, and its client (rightly)
        // hung up: a member then vanished from the room for a reconnect's backoff.
        int members = 12;
        for (int round = 0; round < 5; round++) {
            List<TlsChannel> channels = new ArrayList<>();
            for (int i = 0; i < members; i++) channels.add(raw());
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<RelayMessage>> first = new ArrayList<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < members; i++) {
                    TlsChannel c = channels.get(i);
                    MemberId id = member(10 + round * members + i);
                    first.add(pool.submit(() -> {
                        go.await();
                        send(c, new RelayMessage.Register(RelayMessage.VERSION, room, id.bytes()));
                        return read(c);
                    }));
                }
                go.countDown();
                for (var f : first) assertThat(f.get(20, TimeUnit.SECONDS)).isInstanceOf(RelayMessage.Registered.class);
            }
            channels.forEach(TlsChannel::close);
        }
    }

    @Test
    void junkClosesOnlyThatConnection() throws Exception {
        try (Member a = new Member(member(1), address()); Member b = new Member(member(2), address())) {
            a.awaitPresence(1);
            for (byte[] junk : List.of(new byte[] {99, 0, 0}, new byte[] {10, 0, 0}, RelayCodec.encode(new RelayMessage.Spliced()),
                    new byte[] {1, (byte) 0xff, (byte) 0xff})) {
                TlsChannel c = raw();
                c.output().write(junk);
                c.output().flush();
                assertThat(read(c)).isInstanceOf(RelayMessage.Refused.class);
            }
            TlsChannel badVersion = raw();
            send(badVersion, new RelayMessage.Register(RelayMessage.VERSION, room, member(3).bytes()));
            // a REGISTER of version 2, hand-made
            TlsChannel v2 = raw();
            byte[] record = RelayCodec.encode(new RelayMessage.Register(RelayMessage.VERSION, room, member(4).bytes()));
            record[3] = 2;
            v2.output().write(record);
            v2.output().flush();
            assertThat(read(v2)).isEqualTo(new RelayMessage.Refused(0, RelayRefusal.BAD_VERSION));
            assertThat(a.client.pipeTo(member(2))).isNotNull();
        }
    }

    @Test
    void anUnknownTokenIsRefusedAndNothingElseIsRead() throws Exception {
        TlsChannel c = raw();
        send(c, new RelayMessage.Splice(RelayMessage.VERSION, new byte[16]));
        assertThat(read(c)).isEqualTo(new RelayMessage.Refused(0, RelayRefusal.UNKNOWN_TOKEN));
    }

    @Test
    void pipeRequestsToOneMemberFromOneSourceAreRateLimited() throws Exception {
        try (Member b = new Member(member(2), address())) {
            b.states.poll(10, TimeUnit.SECONDS);
            TlsChannel a = raw();
            send(a, new RelayMessage.Register(RelayMessage.VERSION, room, member(1).bytes()));
            assertThat(read(a)).isInstanceOf(RelayMessage.Registered.class);
            assertThat(read(a)).isInstanceOf(RelayMessage.Presence.class);
            List<RelayMessage> answers = new ArrayList<>();
            for (int i = 1; i <= Limits.RELAY_PIPE_REQUEST_TO_MEMBER_BURST + 1; i++) {
                send(a, new RelayMessage.PipeRequest(i, member(2)));
                answers.add(read(a));
            }
            assertThat(answers.subList(0, Limits.RELAY_PIPE_REQUEST_TO_MEMBER_BURST)).allMatch(m -> m instanceof RelayMessage.PipeReady);
            assertThat(answers.getLast()).isEqualTo(new RelayMessage.Refused(Limits.RELAY_PIPE_REQUEST_TO_MEMBER_BURST + 1,
                    RelayRefusal.RATE_LIMITED));
            send(a, new RelayMessage.PipeRequest(99, member(9)));
            assertThat(read(a)).isEqualTo(new RelayMessage.Refused(99, RelayRefusal.NO_SUCH_MEMBER));
        }
    }

    @Test
    void aRoomHoldsAtMostItsMembers() throws Exception {
        List<TlsChannel> members = new ArrayList<>();
        for (int i = 0; i < Limits.RELAY_MAX_MEMBERS_PER_ROOM; i++) {
            // spread over loopback sources so the per-source connection limit is not what stops us
            Socket tcp = new Socket();
            tcp.bind(new InetSocketAddress("127.0.0." + (2 + i / 32), 0));
            tcp.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            TlsChannel c = TlsChannel.open(tls, new SocketPipe(tcp), true, Duration.ofSeconds(10), timer);
            send(c, new RelayMessage.Register(RelayMessage.VERSION, room, member(i).bytes()));
            assertThat(read(c)).isInstanceOf(RelayMessage.Registered.class);
            members.add(c);
        }
        TlsChannel extra = raw();
        send(extra, new RelayMessage.Register(RelayMessage.VERSION, room, member(200).bytes()));
        assertThat(read(extra)).isEqualTo(new RelayMessage.Refused(0, RelayRefusal.ROOM_FULL));
        assertThat(server.stats().members()).isEqualTo(Limits.RELAY_MAX_MEMBERS_PER_ROOM);
        members.forEach(TlsChannel::abort);
    }

    @Test
    void oneSourceHoldsAtMostItsConnections() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < Limits.RELAY_MAX_CONNECTIONS_PER_SOURCE; i++) {
            Socket s = new Socket();
            s.bind(new InetSocketAddress("127.0.0.9", 0));
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            sockets.add(s);
        }
        awaitStats(s -> s.connections() == Limits.RELAY_MAX_CONNECTIONS_PER_SOURCE);
        Socket over = new Socket();
        over.bind(new InetSocketAddress("127.0.0.9", 0));
        int read;
        try {
            over.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            over.setSoTimeout(5000);
            read = over.getInputStream().read();
        } catch (java.net.SocketException reset) {
            read = -1; // reset before or after the connect finished: closed before any TLS either way
        }
        assertThat(read).as("closed before any TLS").isEqualTo(-1);
        assertThat(raw()).as("another source still gets in").isNotNull();
        for (Socket s : sockets) s.close();
    }

    private void awaitStats(java.util.function.Predicate<RelayStats> condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.test(server.stats())) {
            assertThat(System.nanoTime()).as("stats %s", server.stats()).isLessThan(until);
            Thread.sleep(20);
        }
    }
}
