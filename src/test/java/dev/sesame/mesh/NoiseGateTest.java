package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.link.HandshakeException;
import dev.sesame.transport.PipeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link NoiseGate} on a fake loop: a flood of refusals is one event a second, and none goes unreported. */
class NoiseGateTest {
    private final FakeLoop loop = new FakeLoop();
    private final List<MeshEvent.Rejected> shown = new ArrayList<>();
    private final NoiseGate gate = new NoiseGate(loop, e -> shown.add((MeshEvent.Rejected) e));

    private static int total(List<MeshEvent.Rejected> events) {
        return events.stream().mapToInt(MeshEvent.Rejected::times).sum();
    }

    @Test
    void aFloodFromOneSourceIsOneEventASecondAndEveryRefusalIsCounted() throws Exception {
        PipeSource source = AdmissionControlTest.ip(1);
        for (int i = 0; i < 1000; i++) {
            gate.rejected(source, "10.0.0.1:" + (40000 + i), Refusal.EVICTED);
            loop.advance(Duration.ofMillis(2)); // 1000 refusals in 2 s
        }
        loop.advance(Limits.NOISE_EVENT_INTERVAL);
        assertThat(shown).as("the first at once, then one per interval").hasSizeBetween(2, 4);
        assertThat(total(shown)).as("nothing unreported").isEqualTo(1000);
        assertThat(shown.getFirst().times()).isEqualTo(1);
        assertThat(shown.getLast().address()).isEqualTo("10.0.0.1:40999");
    }

    @Test
    void sourcesAndReasonsAreHeldApartAndAQuietOneIsShownAtOnce() throws Exception {
        gate.rejected(AdmissionControlTest.ip(1), "10.0.0.1:1", Refusal.EVICTED);
        gate.rejected(AdmissionControlTest.ip(2), "10.0.0.2:1", Refusal.EVICTED);
        gate.rejected(AdmissionControlTest.ip(1), "10.0.0.1:2", HandshakeException.Reason.TIMEOUT);
        assertThat(shown).hasSize(3);
        gate.rejected(AdmissionControlTest.ip(1), "10.0.0.1:3", Refusal.EVICTED);
        assertThat(shown).as("held back").hasSize(3);
        loop.advance(Limits.NOISE_EVENT_INTERVAL);
        assertThat(shown).hasSize(4);
        loop.advance(Limits.NOISE_EVENT_INTERVAL);
        gate.rejected(AdmissionControlTest.ip(1), "10.0.0.1:4", Refusal.EVICTED);
        assertThat(shown).as("quiet for an interval: shown at once").hasSize(5);
    }

    @Test
    void quietGroupsAreForgottenAndTheTableIsBounded() throws Exception {
        for (int i = 0; i < Limits.MAX_NOTICE_GROUPS + 10; i++) {
            gate.rejected(AdmissionControlTest.ip("10.1." + (i / 250) + "." + (i % 250 + 1)), "x", Refusal.BUSY);
        }
        assertThat(gate.groups()).isEqualTo(Limits.MAX_NOTICE_GROUPS);
        assertThat(shown).as("past the bound, shown at once rather than dropped").hasSize(Limits.MAX_NOTICE_GROUPS + 10);
        loop.advance(Limits.NOISE_EVENT_INTERVAL);
        gate.prune();
        assertThat(gate.groups()).isZero();
    }
}
