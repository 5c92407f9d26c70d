package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.sesame.limits.Limits;
import dev.sesame.wire.HostPort;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target: display names from PROFILE messages (a peer's free choice) and host strings from
 * PEERS announcements (docs/PROTOCOL.md §7, §9). A name keeps no control or invisible character and
 * fits the limit; an announced host/port either parses to a port in range or is refused.
 */
class DisplayNamesFuzzTest {
    @FuzzTest
    void sanitize(@NotNull String raw) {
        DisplayNames.sanitize(raw).ifPresent(name -> {
            assertThat(name).isNotBlank().isEqualTo(name.strip());
            assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Limits.MAX_NAME_BYTES);
            name.codePoints().forEach(cp -> {
                assertThat(Character.isISOControl(cp)).isFalse();
                assertThat(Character.getType(cp)).isNotEqualTo((int) Character.FORMAT);
            });
            assertThat(DisplayNames.sanitize(name)).contains(name);
        });
        HostPort.parse(raw).ifPresent(hp -> assertThat(hp.port()).isBetween(0, 65535));
    }
}
