package dev.sesame.os;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlatformTest {
    @Test
    void detectsTheSystemsHardeningKnows() {
        assertThat(Platform.detect("Linux")).isEqualTo(Platform.LINUX);
        assertThat(Platform.detect("Mac OS X")).isEqualTo(Platform.MACOS);
        assertThat(Platform.detect("Windows 11")).isEqualTo(Platform.WINDOWS);
        assertThat(Platform.detect("FreeBSD")).isEqualTo(Platform.OTHER);
    }
}
