package dev.gantry.extauth.policy;

import dev.gantry.proto.RedisLayout;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.stereotype.Component;

/** Reads the translator's AuthConfig policy hashes and their index set (layout: {@link RedisLayout}). */
@Component
public class PolicyReader {

    public static final String KIND = "AuthConfig";

    private final RedisTemplate<String, byte[]> redis;
    private final RedisLayout layout;

    public PolicyReader(RedisTemplate<String, byte[]> gantryPolicyRedisTemplate, RedisLayout layout) {
        this.redis = gantryPolicyRedisTemplate;
        this.layout = layout;
    }

    /** {@code <namespace>/<name>} of every live AuthConfig. */
    public Set<String> indexed() {
        Set<byte[]> members = redis.opsForSet().members(layout.policyIndexKey(KIND));
        Set<String> names = new LinkedHashSet<>();
        if (members != null) {
            for (byte[] member : members) {
                names.add(new String(member, StandardCharsets.UTF_8));
            }
        }
        return names;
    }

    /** Only the version, so a reconcile pass does not transfer configs it already holds. */
    public Long version(String namespace, String name) {
        Object raw = redis.opsForHash().get(layout.policyKey(KIND, namespace, name), RedisLayout.VERSION_FIELD);
        return parseVersion((byte[]) raw);
    }

    public StoredPolicy read(String namespace, String name) {
        List<Object> values = redis.opsForHash().multiGet(layout.policyKey(KIND, namespace, name),
                List.of(RedisLayout.VERSION_FIELD, RedisLayout.DATA_FIELD));
        byte[] data = (byte[]) values.get(1);
        return new StoredPolicy(namespace, name, parseVersion((byte[]) values.get(0)),
                data == null ? new byte[0] : data);
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
