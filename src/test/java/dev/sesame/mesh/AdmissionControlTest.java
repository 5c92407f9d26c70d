package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.transport.PipeSource;
import dev.sesame.util.Clock;
import dev.sesame.wire.HostPort;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {
    private long now;
    private final Clock clock = new Clock() {
        @Override public long nanoTime() { return now; }
        @Override public Instant now() { return Instant.EPOCH; }
    };

    static PipeSource ip(int last) throws Exception {
        return PipeSource.Address.of(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last}));
    }

    static PipeSource ip(String literal) throws Exception {
        return PipeSource.Address.of(InetAddress.getByName(literal));
    }

    /** The ticket, or fails the test with the refusal. */
    static AdmissionTicket admit(AdmissionControl admission, PipeSource source) {
        AdmissionControl.Decision d = admission.admitIncoming(source);
        assertThat(d).as("admitted").isInstanceOf(AdmissionControl.Admitted.class);
        return ((AdmissionControl.Admitted) d).ticket();
    }

    static Optional<String> refusal(AdmissionControl admission, PipeSource source) {
        return switch (admission.admitIncoming(source)) {
            case AdmissionControl.Refused(String reason) -> Optional.of(reason);
            case AdmissionControl.Admitted(AdmissionTicket ticket) -> Optional.empty();
        };
    }

    /** A handshake that failed to authenticate: its token stays spent. */
    static void guessWrong(AdmissionControl admission, PipeSource source) {
        AdmissionTicket ticket = admit(admission, source);
        ticket.authenticationFailed();
        ticket.close();
    }

    @Test
    void failedAuthenticationsFromOneAddressAreThrottledThenRefillSlowly() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        PipeSource guesser = ip(1);
        for (int i = 0; i < Limits.AUTH_FAILURE_BURST; i++) guessWrong(admission, guesser);
        assertThat(refusal(admission, guesser)).contains("throttled");
        assertThat(refusal(admission, ip(2))).as("other addresses are not affected").isEmpty();
        now += Limits.AUTH_FAILURE_REFILL.toNanos() - 1;
        assertThat(refusal(admission, guesser)).contains("throttled");
        now += 1;
        guessWrong(admission, guesser);
        assertThat(refusal(admission, guesser)).contains("throttled");
    }

    @Test
    void failuresThatAreNotAuthenticationDoNotSpendTheBudget() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        for (int i = 0; i < 3 * Limits.AUTH_FAILURE_BURST; i++) admit(admission, ip(1)).close();
        assertThat(admission.handshakesInProgress()).isZero();
    }

    @Test
    void oneAddressMayHoldOnlySoManyLinksAndHandshakes() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 3);
        AdmissionTicket first = admit(admission, ip(1));
        AdmissionTicket second = admit(admission, ip(1));
        admit(admission, ip(1)).close();
        AdmissionTicket third = admit(admission, ip(1));
        assertThat(refusal(admission, ip(1))).contains("too_many_from_address");
        assertThat(first.becomeLink()).isTrue();
        second.close();
        AdmissionTicket fourth = admit(admission, ip(1));
        first.close(); // the link ends
        assertThat(refusal(admission, ip(1))).isEmpty();
        third.close();
        fourth.close();
    }

    @Test
    void thePeerCapRefusesNewLinksAndConnections() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 2, 8);
        AdmissionTicket one = admission.openOutgoing(ip(1)).orElseThrow();
        assertThat(admission.openOutgoing(ip(2))).isPresent();
        assertThat(admission.full()).isTrue();
        assertThat(admission.openOutgoing(ip(3))).isEmpty();
        assertThat(refusal(admission, ip(4))).contains("too_many_peers");
        one.close();
        assertThat(refusal(admission, ip(4))).isEmpty();
    }

    @Test
    void anIncomingHandshakeThatFindsThePeerCapReachedReleasesEverything() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 1, 8);
        AdmissionTicket incoming = admit(admission, ip(1));
        admission.openOutgoing(ip(2)).orElseThrow(); // the last peer slot goes meanwhile
        assertThat(incoming.becomeLink()).isFalse();
        assertThat(incoming.state()).isEqualTo(AdmissionTicket.State.RELEASED);
        assertThat(admission.handshakesInProgress()).isZero();
        incoming.close(); // nothing more to release
        assertThat(admission.linksOpen()).isEqualTo(1);
    }

    @Test
    void closingATicketTwiceReleasesOnce() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        AdmissionTicket handshake = admit(admission, ip(1));
        AdmissionTicket other = admit(admission, ip(1));
        handshake.close();
        handshake.close();
        assertThat(admission.handshakesInProgress()).as("the other handshake still counts").isEqualTo(1);
        assertThat(other.becomeLink()).isTrue();
        other.close();
        other.close();
        assertThat(admission.linksOpen()).isZero();
        assertThat(admission.handshakesInProgress()).isZero();
        // And the per-source counts are back to zero too: a full set of handshakes fits again.
        for (int i = 0; i < Limits.MAX_HANDSHAKES_PER_SOURCE; i++) admit(admission, ip(1));
        assertThat(refusal(admission, ip(1))).contains("busy_source");
    }

    @Test
    void aFailedGuessStaysSpentEvenWhenTheTicketIsClosedAgain() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        for (int i = 0; i < Limits.AUTH_FAILURE_BURST; i++) {
            AdmissionTicket t = admit(admission, ip(1));
            t.authenticationFailed();
            t.close();
            t.close();
        }
        assertThat(refusal(admission, ip(1))).contains("throttled");
    }

    @Test
    void ipv6SourcesAreWholeSlash64s() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 1000, 1000);
        for (int i = 0; i < Limits.MAX_HANDSHAKES_PER_SOURCE; i++) admit(admission, ip("2001:db8:1:2::" + (i + 1)));
        assertThat(refusal(admission, ip("2001:db8:1:2:ffff::9"))).contains("busy_source");
        assertThat(refusal(admission, ip("2001:db8:1:3::1"))).as("another /64").isEmpty();
    }

    @Test
    void everyPipeThroughOneRelayIsOneSource() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 1000, 1000);
        PipeSource relay = new PipeSource.Relay(new HostPort("relay.example", 9700));
        for (int i = 0; i < Limits.AUTH_FAILURE_BURST; i++) guessWrong(admission, new PipeSource.Relay(new HostPort("relay.example", 9700)));
        assertThat(refusal(admission, relay)).contains("throttled");
        assertThat(refusal(admission, new PipeSource.Relay(new HostPort("other.example", 9700)))).isEmpty();
        assertThat(refusal(admission, new PipeSource.Tor())).as("tor is its own source").isEmpty();
    }

    @Test
    void idleFullBudgetsAreForgotten() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 1000, 1000);
        for (int i = 1; i <= 50; i++) {
            AdmissionTicket t = admit(admission, ip(i));
            if (i % 2 == 0) t.authenticationFailed();
            t.close();
        }
        admission.prune();
        assertThat(admission.trackedSources()).as("only the ones that failed to authenticate").isEqualTo(25);
        now += Limits.AUTH_FAILURE_REFILL.toNanos();
        admission.prune();
        assertThat(admission.trackedSources()).isZero();
    }

    @Test
    void concurrentHandshakesAreCapped() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 1000, 1000);
        for (int i = 0; i < Limits.MAX_CONCURRENT_HANDSHAKES; i++) admit(admission, ip(i + 1));
        assertThat(refusal(admission, ip(200))).contains("busy");
    }
}
