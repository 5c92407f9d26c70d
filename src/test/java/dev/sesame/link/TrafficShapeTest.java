package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrafficShapeTest {
    @Test
    void defaultCoverIsTenCellsASecondAndDeadAfterThirtyTicks() {
        TrafficShape shape = TrafficShape.defaults();
        assertThat(shape.cover()).isTrue();
        assertThat(shape.cellsPerHour()).isEqualTo(36_000);
        assertThat(TrafficShape.deadAfter(shape.announcedTickMillis())).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void costIsStatedInCellBytesAndInIpBytes() {
        TrafficShape shape = TrafficShape.defaults();
        assertThat(shape.idleBytesPerHour()).isEqualTo(36_000L * 512);
        // 512-byte cell + 38 bytes of TLS 1.3 record + 52 bytes of TCP/IPv4 headers.
        assertThat(TrafficShape.wireBytesPerCell()).isEqualTo(602);
        assertThat(shape.wireBytesPerHour()).isEqualTo(36_000L * 602);
    }

    @Test
    void withoutCoverAnIdleLinkSendsOnlyKeepalives() {
        TrafficShape off = new TrafficShape(false, Duration.ofMillis(100));
        assertThat(off.cellsPerHour()).isEqualTo(720);
        assertThat(off.announcedTickMillis()).isZero();
        assertThat(TrafficShape.deadAfter(off.announcedTickMillis())).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aPeersSilenceIsJudgedByItsOwnAnnouncedPace() {
        assertThat(TrafficShape.deadAfter(1000)).isEqualTo(Duration.ofSeconds(30));
        assertThat(TrafficShape.validAnnouncedTick(0)).isTrue();
        assertThat(TrafficShape.validAnnouncedTick(100)).isTrue();
        assertThat(TrafficShape.validAnnouncedTick(5)).isFalse();
        assertThat(TrafficShape.validAnnouncedTick(60_000)).isFalse();
    }

    @Test
    void rejectsIntervalsOutsideTheLimits() {
        assertThatThrownBy(() -> new TrafficShape(true, Duration.ofMillis(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrafficShape(true, Duration.ofSeconds(11))).isInstanceOf(IllegalArgumentException.class);
    }
}
