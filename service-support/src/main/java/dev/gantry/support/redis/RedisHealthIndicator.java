package dev.gantry.support.redis;

import dev.gantry.support.Failures;
import java.util.Properties;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Redis health that says why it is down. Spring Boot's own reports only the outermost exception ("Unable to
 * connect to Redis"), which reads the same for a wrong password, a TLS mismatch, a refused connection and an ACL
 * user without a permission; an operator needs the reason Redis itself gave, which is the root cause here.
 */
final class RedisHealthIndicator extends AbstractHealthIndicator {

    private final RedisConnectionFactory connections;

    RedisHealthIndicator(RedisConnectionFactory connections) {
        super("Redis health check failed");
        this.connections = connections;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        try (RedisConnection connection = connections.getConnection()) {
            Properties server = connection.serverCommands().info("server");
            builder.up().withDetail("version", server == null ? "unknown" : server.getProperty("redis_version"));
        } catch (RuntimeException e) {
            builder.down().withDetail("error", Failures.reason(e));
        }
    }
}
