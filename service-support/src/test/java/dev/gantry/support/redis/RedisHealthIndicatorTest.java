package dev.gantry.support.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Against the test Redis (GANTRY_REDIS_PORT): up with its version; down with Redis' own reason. */
class RedisHealthIndicatorTest {

    private static final int PORT = Integer.parseInt(System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390"));

    @Test
    void upWithTheServerVersion() {
        Health health = healthOf(new RedisStandaloneConfiguration("127.0.0.1", PORT));
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsKey("version");
    }

    @Test
    void aWrongPasswordIsReportedAsRedisSaysIt() {
        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration("127.0.0.1", PORT);
        config.setUsername("nobody-" + System.nanoTime());
        config.setPassword(RedisPassword.of("wrong"));
        Health health = healthOf(config);
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("error").toString()).contains("WRONGPASS");
    }

    @Test
    void nothingListeningIsReportedAsRefused() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Health health = healthOf(new RedisStandaloneConfiguration("127.0.0.1", closed));
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("error").toString()).containsIgnoringCase("refused");
    }

    private static Health healthOf(RedisStandaloneConfiguration config) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(config);
        factory.afterPropertiesSet();
        factory.start();
        try {
            return new RedisHealthIndicator(factory).health(true);
        } finally {
            factory.destroy();
        }
    }
}
