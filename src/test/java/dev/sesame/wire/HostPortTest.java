package dev.sesame.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void parsesNamesIpv4AndBracketedIpv6() {
        assertThat(HostPort.parse("example.org:9000")).contains(new HostPort("example.org", 9000));
        assertThat(HostPort.parse("192.0.2.7:1")).contains(new HostPort("192.0.2.7", 1));
        assertThat(HostPort.parse("[2001:db8::1]:65535")).contains(new HostPort("2001:db8::1", 65535));
        assertThat(HostPort.parse("[::1]:9000").orElseThrow().toString()).isEqualTo("[::1]:9000");
    }

    @Test
    void refusesEverythingMalformed() {
        for (String bad : new String[] {"", "host", "host:", ":9000", "host:0", "host:65536", "host:-1", "host:9x",
                "::1:9000", "[::1]", "[::1]9000", "[]:9000", "[host]:9000", "a b:9000", "host:9000:1"}) {
            assertThat(HostPort.parse(bad)).as(bad).isEmpty();
        }
    }
}
