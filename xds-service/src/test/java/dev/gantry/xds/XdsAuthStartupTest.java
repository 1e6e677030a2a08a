package dev.gantry.xds;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** xds-service refuses to start rather than serve Gateways' keys unauthenticated on a reachable address. */
class XdsAuthStartupTest {

    private static void start(String... extra) {
        String[] common = {"--server.port=0", "--spring.grpc.server.port=0", "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390"),
                "--gantry.redis.key-prefix=gantry-startup-test:"};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(common), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        new SpringApplicationBuilder(XdsApplication.class).run(args).close();
    }

    @Test
    void modeNoneOnAllInterfacesDoesNotStart() {
        assertThatThrownBy(() -> start("--gantry.xds.auth.mode=none", "--spring.grpc.server.host=0.0.0.0"))
                .rootCause().hasMessageContaining("loopback");
    }

    @Test
    void theDefaultModeWithoutTlsDoesNotStart() {
        assertThatThrownBy(() -> start("--spring.grpc.server.host=127.0.0.1"))
                .rootCause().hasMessageContaining("mtls-or-token needs TLS");
    }
}
