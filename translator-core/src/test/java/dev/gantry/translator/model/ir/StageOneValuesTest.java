package dev.gantry.translator.model.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** IP literals (Gateway addresses) and RouteOption durations, with bad input. */
class StageOneValuesTest {

    @Test
    void ipLiterals() {
        for (String ip : new String[] {"0.0.0.0", "192.0.2.255", "::", "::1", "1::", "2001:db8::10",
                "2001:0db8:0000:0000:0000:0000:0000:0010", "::ffff:192.0.2.1", "1:2:3:4:5:6:1.2.3.4"}) {
            assertThat(IpLiterals.isIp(ip)).as(ip).isTrue();
        }
        for (String bad : new String[] {"", "256.1.1.1", "1.2.3", "01.2.3.4", "1.2.3.4.5", "a.b.c.d", ":::", "1::2::3",
                ":1::", "1:2:3:4:5:6:7:8:9", "12345::", "fe80::1%eth0", "::1.2.3", "1.2.3.4:80", "example.com", " 1.2.3.4"}) {
            assertThat(IpLiterals.isIp(bad)).as(bad).isFalse();
        }
        assertThat(IpLiterals.isIp(null)).isFalse();
    }

    @Test
    void routeOptionDurationsBecomeGatewayApiDurations() {
        assertThat(RouteOptionRule.duration("t", "1.5s")).isEqualTo("1s500ms");
        assertThat(RouteOptionRule.duration("t", "250ms")).isEqualTo("250ms");
        assertThat(RouteOptionRule.duration("t", "1m30s")).isEqualTo("1m30s");
        assertThat(RouteOptionRule.duration("t", "90s")).isEqualTo("1m30s");
        assertThat(RouteOptionRule.duration("t", "2h")).isEqualTo("2h");
        assertThat(RouteOptionRule.duration("t", "0s")).isEqualTo("0s");
        for (String bad : new String[] {"", "soon", "1.5", "-1s", "1s 2s", "1d", "s"}) {
            assertThatThrownBy(() -> RouteOptionRule.duration("timeout", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        }
    }
}
