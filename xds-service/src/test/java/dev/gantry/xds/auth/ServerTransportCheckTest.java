package dev.gantry.xds.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The start-up rules: mode none only on loopback, the other modes only over TLS that asks for what they read. */
class ServerTransportCheckTest {

    @Test
    void noneIsAllowedOnLoopbackOnly() {
        for (String host : new String[] {"127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"}) {
            assertThat(new ServerTransportCheck(host, "", null, null).problems(AuthMode.NONE)).as(host).isEmpty();
        }
        for (String host : new String[] {"*", "0.0.0.0", "::", "10.0.0.1", "", "example.com"}) {
            assertThat(new ServerTransportCheck(host, "", null, null).problems(AuthMode.NONE)).as(host)
                    .singleElement().asString().contains("loopback");
        }
    }

    @Test
    void authenticatedModesNeedTlsAskingForWhatTheyRead() {
        assertThat(new ServerTransportCheck("*", "", null, null).problems(AuthMode.TOKEN)).hasSize(1);
        assertThat(new ServerTransportCheck("*", "xds", null, null).problems(AuthMode.TOKEN)).isEmpty();
        assertThat(new ServerTransportCheck("*", "xds", false, "require").problems(AuthMode.MTLS)).isNotEmpty();
        assertThat(new ServerTransportCheck("*", "xds", null, "optional").problems(AuthMode.MTLS)).hasSize(1);
        assertThat(new ServerTransportCheck("*", "xds", null, "REQUIRE").problems(AuthMode.MTLS)).isEmpty();
        assertThat(new ServerTransportCheck("*", "xds", null, "none").problems(AuthMode.MTLS_OR_TOKEN)).hasSize(1);
        assertThat(new ServerTransportCheck("*", "xds", true, "optional").problems(AuthMode.MTLS_OR_TOKEN)).isEmpty();
    }

    @Test
    void theHostIsTakenFromAnAddress() {
        assertThat(XdsAuthConfiguration.hostOf("127.0.0.1:18000")).isEqualTo("127.0.0.1");
        assertThat(XdsAuthConfiguration.hostOf("[::1]:18000")).isEqualTo("[::1]");
        assertThat(XdsAuthConfiguration.hostOf("static://0.0.0.0:18000")).isEqualTo("0.0.0.0");
    }
}
