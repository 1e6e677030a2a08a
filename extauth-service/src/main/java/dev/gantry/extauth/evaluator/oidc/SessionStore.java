package dev.gantry.extauth.evaluator.oidc;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Sessions and spent login states in Redis, under {@code <gantry key prefix><keyPrefix><config id>:}. Keys carry
 * the SHA-256 of the session id or state, so whoever reads Redis cannot replay them as cookies. Blocking: the
 * evaluator calls it off the gRPC threads.
 */
final class SessionStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringRedisTemplate redis;
    private final String keyPrefix;

    SessionStore(StringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
    }

    void save(String sessionId, OidcSession session, Duration ttl) {
        redis.opsForValue().set(sessionKey(sessionId), json(session), ttl);
    }

    /** Replaces a session's tokens (after a refresh) and keeps the time it has left. */
    void update(String sessionId, OidcSession session) {
        String key = sessionKey(sessionId);
        Long left = redis.getExpire(key, TimeUnit.MILLISECONDS);
        if (left != null && left > 0) {
            redis.opsForValue().set(key, json(session), Duration.ofMillis(left));
        }
    }

    Optional<OidcSession> find(String sessionId) {
        String value = redis.opsForValue().get(sessionKey(sessionId));
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(value, OidcSession.class));
        } catch (IOException e) {
            return Optional.empty(); // written by an incompatible version: log in again
        }
    }

    void delete(String sessionId) {
        redis.delete(sessionKey(sessionId));
    }

    /** Marks a login state used; false when it already was (a replayed callback). */
    boolean spendState(String state, Duration ttl) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(keyPrefix + "state:" + Randoms.digest(state), "1",
                ttl));
    }

    private String sessionKey(String sessionId) {
        return keyPrefix + "session:" + Randoms.digest(sessionId);
    }

    private static String json(OidcSession session) {
        try {
            return JSON.writeValueAsString(session);
        } catch (IOException e) {
            throw new IllegalStateException("a session record is always JSON", e);
        }
    }
}
