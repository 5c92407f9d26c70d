package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.util.Clock;
import java.net.InetAddress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {
    private long now;
    private final Clock clock = new Clock() {
        @Override public long nanoTime() { return now; }
        @Override public Instant now() { return Instant.EPOCH; }
    };

    private static InetAddress ip(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
    }

    @Test
    void failedAuthenticationsFromOneAddressAreThrottledThenRefillSlowly() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        InetAddress guesser = ip(1);
        for (int i = 0; i < Limits.AUTH_FAILURE_BURST; i++) {
            assertThat(admission.admitIncoming(guesser)).isEmpty();
            admission.incomingFailed(guesser, true);
        }
        assertThat(admission.admitIncoming(guesser)).contains("throttled");
        assertThat(admission.admitIncoming(ip(2))).as("other addresses are not affected").isEmpty();
        now += Limits.AUTH_FAILURE_REFILL.toNanos() - 1;
        assertThat(admission.admitIncoming(guesser)).contains("throttled");
        now += 1;
        assertThat(admission.admitIncoming(guesser)).as("one more guess after the refill interval").isEmpty();
        admission.incomingFailed(guesser, true);
        assertThat(admission.admitIncoming(guesser)).contains("throttled");
    }

    @Test
    void failuresThatAreNotAuthenticationDoNotSpendTheBudget() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        for (int i = 0; i < 3 * Limits.AUTH_FAILURE_BURST; i++) {
            assertThat(admission.admitIncoming(ip(1))).isEmpty();
            admission.incomingFailed(ip(1), false);
        }
    }

    @Test
    void oneAddressMayHoldOnlySoManyLinksAndHandshakes() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 3);
        for (int i = 0; i < 3; i++) assertThat(admission.admitIncoming(ip(1))).isEmpty();
        assertThat(admission.admitIncoming(ip(1))).contains("too_many_from_address");
        assertThat(admission.openLink(ip(1), true)).isTrue();
        admission.incomingFailed(ip(1), false);
        assertThat(admission.admitIncoming(ip(1))).isEmpty();
        admission.linkClosed(ip(1), true);
        assertThat(admission.admitIncoming(ip(1))).isEmpty();
    }

    @Test
    void thePeerCapRefusesNewLinksAndConnections() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 2, 8);
        assertThat(admission.openLink(ip(1), false)).isTrue();
        assertThat(admission.openLink(ip(2), false)).isTrue();
        assertThat(admission.full()).isTrue();
        assertThat(admission.openLink(ip(3), false)).isFalse();
        assertThat(admission.admitIncoming(ip(4))).contains("too_many_peers");
        admission.linkClosed(ip(1), false);
        assertThat(admission.admitIncoming(ip(4))).isEmpty();
    }

    @Test
    void concurrentHandshakesAreCapped() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 1000, 1000);
        for (int i = 0; i < Limits.MAX_CONCURRENT_HANDSHAKES; i++) assertThat(admission.admitIncoming(ip(i + 1))).isEmpty();
        assertThat(admission.admitIncoming(ip(200))).contains("busy");
    }
}
