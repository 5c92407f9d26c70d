package dev.sesame.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.link.HandshakeException;
import dev.sesame.link.Identity;
import dev.sesame.link.TlsChannel;
import dev.sesame.link.TlsContext;
import dev.sesame.testing.SesameProcess;
import dev.sesame.transport.Pipe;
import dev.sesame.transport.PipeSource;
import dev.sesame.transport.Via;
import dev.sesame.util.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The relay is the attacker: a relay built from Sesame's classes that, instead of splicing,
 * terminates the members' inner TLS on both sides with its own certificates and relays every
 * handshake byte between the two sessions. It even knows the phrase (it would not need to: it
 * only relays). The PAKE runs end to end, but each member's TLS exporter is from its session
 * with the relay, so CONFIRM fails on both sides and no message ever passes
 * (docs/SECURITY.md, "Relay"; the direct case is ManInTheMiddleIT).
 */
class MaliciousRelayIT {
    private static final String PHRASE = "the relay knows this phrase too";
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final TlsContext mitm = new TlsContext(Identity.generate(random), random);
    private final AtomicLong relayed = new AtomicLong();
    private final AtomicLong intercepted = new AtomicLong();

    @Test
    void aRelayThatTerminatesTheInnerTlsOnBothSidesFailsAtConfirm() throws Exception {
        try (RelayServer relay = RelayServer.bind(new InetSocketAddress("127.0.0.1", 0), random, Clock.SYSTEM, timer, this::intercept)) {
            relay.start();
            String pinned = "127.0.0.1:" + relay.port() + "#" + relay.fingerprint().text();
            try (SesameProcess alice = node("alice", pinned); SesameProcess bob = node("bob", pinned)) {
                Await.event(alice, "auth_failed", e -> e.path("reason").asText().equals("confirm_failed"));
                Await.event(bob, "auth_failed", e -> e.path("reason").asText().equals("confirm_failed"));
                bob.send("secret for alice");
                Await.event(bob, "sent");
                for (SesameProcess n : List.of(alice, bob)) {
                    assertThat(n.events("peer_up")).isEmpty();
                    assertThat(n.events("message")).isEmpty();
                }
                assertThat(intercepted.get()).as("the relay terminated inner TLS sessions").isGreaterThanOrEqualTo(1);
                assertThat(relayed.get()).as("the handshake really went through the relay").isGreaterThan(4 * 512);
            }
        } finally {
            timer.shutdownNow();
        }
    }

    private static SesameProcess node(String name, String relay) {
        return SesameProcess.start(name, PHRASE, "--no-listen", "--relay", relay, "--room", "malicious-relay-test");
    }

    /** Instead of splicing: find which end speaks first (the inner TLS client), then sit in the middle. */
    private void intercept(TlsChannel a, TlsChannel b, Clock clock, Runnable ended) {
        Thread.ofVirtual().start(() -> {
            try {
                // one reader per end copies into a local pipe: the end whose bytes come first is the dialer
                CompletableFuture<Boolean> aFirst = new CompletableFuture<>();
                InputStream inA = feed(a.input(), aFirst, true);
                InputStream inB = feed(b.input(), aFirst, false);
                boolean clientIsA = aFirst.get(30, TimeUnit.SECONDS);
                Pipe client = new Outer(clientIsA ? a : b, clientIsA ? inA : inB);
                Pipe server = new Outer(clientIsA ? b : a, clientIsA ? inB : inA);
                TlsChannel towardsDialer = TlsChannel.open(mitm, client, false, Duration.ofSeconds(20), timer);
                TlsChannel towardsListener = TlsChannel.open(mitm, server, true, Duration.ofSeconds(20), timer);
                intercepted.incrementAndGet();
                Thread pump = Thread.ofVirtual().start(() -> pump(towardsDialer.input(), towardsListener.output()));
                pump(towardsListener.input(), towardsDialer.output());
                pump.join();
            } catch (Exception e) {
                // a member hung up after CONFIRM failed: the attack is over
            } finally {
                a.close();
                b.close();
                ended.run();
            }
        });
    }

    private static InputStream feed(InputStream from, CompletableFuture<Boolean> aFirst, boolean isA) throws IOException {
        PipedInputStream local = new PipedInputStream(64 * 1024);
        PipedOutputStream sink = new PipedOutputStream(local);
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buffer = new byte[4096];
            try (sink) {
                int n;
                while ((n = from.read(buffer)) > 0) {
                    aFirst.complete(isA);
                    sink.write(buffer, 0, n);
                    sink.flush();
                }
            } catch (IOException e) {
                // that member hung up
            }
        });
        return local;
    }

    private void pump(InputStream in, OutputStream out) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
                relayed.addAndGet(n);
            }
        } catch (IOException e) {
            // a side closed after CONFIRM failed
        }
    }

    /** One pipe connection to a member, as a pipe the relay can run its own TLS over. */
    private record Outer(TlsChannel channel, InputStream in) implements Pipe {
        @Override
        public InputStream input() {
            return in;
        }

        @Override
        public OutputStream output() {
            return channel.output();
        }

        @Override
        public PipeSource source() {
            return new PipeSource.Tor();
        }

        @Override
        public Via via() {
            return Via.RELAY;
        }

        @Override
        public String label() {
            return "member";
        }

        @Override
        public void setReadTimeout(Duration timeout) throws IOException {
            channel.setReadTimeout(timeout);
        }

        @Override
        public void close() {
            channel.close();
        }

        @Override
        public void abort() {
            channel.abort();
        }
    }
}
