package dev.gantry.ratelimit.policy;

import dev.gantry.proto.RedisLayout;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.RedisTemplate;

/** Reads the translator's RateLimitConfig hashes and their index (layout: {@link RedisLayout}). */
public class PolicyReader {

    public static final String KIND = "RateLimitConfig";

    private final RedisTemplate<String, byte[]> redis;
    private final RedisLayout layout;

    public PolicyReader(RedisTemplate<String, byte[]> redis, RedisLayout layout) {
        this.redis = redis;
        this.layout = layout;
    }

    /** {@code <namespace>/<name>} of every live RateLimitConfig. */
    public Set<String> indexed() {
        Set<byte[]> members = redis.opsForSet().members(layout.policyIndexKey(KIND));
        Set<String> names = new LinkedHashSet<>();
        if (members != null) {
            members.forEach(member -> names.add(new String(member, StandardCharsets.UTF_8)));
        }
        return names;
    }

    /** Only the version, so a reconcile pass does not transfer configs it already holds. */
    public Long version(String namespacedName) {
        return parseVersion((byte[]) redis.opsForHash().get(key(namespacedName), RedisLayout.VERSION_FIELD));
    }

    public StoredPolicy read(String namespacedName) {
        List<Object> values = redis.opsForHash().multiGet(key(namespacedName),
                List.of(RedisLayout.VERSION_FIELD, RedisLayout.DATA_FIELD));
        byte[] data = (byte[]) values.get(1);
        return new StoredPolicy(namespacedName, parseVersion((byte[]) values.get(0)), data == null ? new byte[0] : data);
    }

    private String key(String namespacedName) {
        int slash = namespacedName.indexOf('/');
        return layout.policyKey(KIND, namespacedName.substring(0, slash), namespacedName.substring(slash + 1));
    }

    /** {@code <namespace>/<name>} → {@code <namespace>.<name>}. */
    public static String configId(String namespacedName) {
        return namespacedName.replaceFirst("/", ".");
    }

    /** {@code <namespace>.<name>} → {@code <namespace>/<name>} (a namespace has no dot). */
    public static String namespacedName(String configId) {
        return configId.replaceFirst("\\.", "/");
    }

    private static Long parseVersion(byte[] raw) {
        if (raw == null) {
            return null;
        }
        String text = new String(raw, StandardCharsets.UTF_8).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("policy version is not a number: " + text, e);
        }
    }
}
