package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deterministic mesh simulator over many seeds (issue 12, "Deterministic simulation"; see
 * {@link MeshSimulation}). CI runs {@value #CI_SEEDS} seeds; {@code -Dsim.seeds=N} runs N from
 * {@code -Dsim.from} (default 1), {@code -Dsim.seed=S} replays one seed ({@code scripts/simulate}).
 * A failure names its seed and the command that replays it.
 */
class MeshSimulationTest {
    static final int CI_SEEDS = 200;

    /** With {@code -Dtest=MeshSimulationTest} the wipe-test execution would run it a second time. */
    @BeforeAll
    static void onlyInTheMainTestRun() {
        assumeFalse(Boolean.getBoolean("sesame.wipe.fork"), "the simulator runs in the main test execution");
    }

    @Test
    void everyInvariantHoldsForEverySeed() {
        List<Long> seeds = seeds();
        List<String> failures = new ArrayList<>();
        long steps = 0;
        long started = System.nanoTime();
        for (long seed : seeds) {
            MeshSimulation.Outcome outcome = MeshSimulation.run(seed);
            steps += outcome.steps();
            if (!outcome.passed()) {
                failures.add(report(outcome));
                if (failures.size() >= 3) break; // enough to go on; each replays alone
            }
        }
        System.out.printf("mesh simulation: %d seed(s), %d steps, %d ms%n", seeds.size(), steps,
                (System.nanoTime() - started) / 1_000_000);
        assertThat(failures).as("seeds whose run broke an invariant").isEmpty();
    }

    @Test
    void aSeedReplaysExactly() {
        long seed = seeds().getFirst();
        MeshSimulation.Outcome first = MeshSimulation.run(seed);
        MeshSimulation.Outcome again = MeshSimulation.run(seed);
        assertThat(again).isEqualTo(first);
        assertThat(first.sent()).as("the run chats").isPositive();
        assertThat(first.delivered()).as("and messages arrive").isPositive();
    }

    private static List<Long> seeds() {
        String one = System.getProperty("sim.seed");
        if (one != null && !one.isBlank()) return List.of(Long.parseLong(one.trim()));
        long from = Long.getLong("sim.from", 1L);
        long count = Long.getLong("sim.seeds", (long) CI_SEEDS);
        List<Long> seeds = new ArrayList<>();
        for (long s = from; s < from + count; s++) seeds.add(s);
        return seeds;
    }

    private static String report(MeshSimulation.Outcome o) {
        return "seed " + o.seed() + " (" + o.nodes() + " nodes, " + o.steps() + " steps): " + o.violations().getFirst()
                + "\n  replay: ./mvnw -q -B test -Dtest=MeshSimulationTest -Dsurefire.failIfNoSpecifiedTests=false -Dsim.seed=" + o.seed()
                + "\n  last steps:\n" + o.recent().indent(4);
    }
}
