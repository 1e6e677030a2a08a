package dev.gantry.support.redis;

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
            builder.down().withDetail("error", reason(e));
        }
    }

    /** Every distinct message down the cause chain, outermost first, so the root reason is always there. */
    static String reason(Throwable failure) {
        StringBuilder reason = new StringBuilder();
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (reason.indexOf(message) < 0) {
                reason.append(reason.isEmpty() ? "" : ": ").append(message);
            }
        }
        return reason.toString();
    }
}
