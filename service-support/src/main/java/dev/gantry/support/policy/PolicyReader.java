package dev.gantry.support.policy;

import dev.gantry.proto.RedisLayout;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.RedisTemplate;

/** Reads one kind's policy hashes, their index set and Redis's incarnation (layout: {@link RedisLayout}). */
public class PolicyReader {

    private final RedisTemplate<String, byte[]> redis;
    private final RedisLayout layout;
    private final String kind;

    public PolicyReader(RedisTemplate<String, byte[]> redis, RedisLayout layout, String kind) {
        this.redis = redis;
        this.layout = layout;
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }

    /** Every entry of the index set: {@code <namespace>/<name>} of each live policy, as written. */
    public Set<String> indexed() {
        Set<byte[]> members = redis.opsForSet().members(layout.policyIndexKey(kind));
        Set<String> names = new LinkedHashSet<>();
        if (members != null) {
            members.forEach(member -> names.add(new String(member, StandardCharsets.UTF_8)));
        }
        return names;
    }

    /**
     * The incarnation of Redis the translators keep in the fence hash ({@link RedisLayout#fenceKey()}), or
     * {@code null} when there is none (emptied, or no translator has written yet): versions of two incarnations do
     * not compare.
     */
    public String incarnation() {
        Object raw = redis.opsForHash().get(layout.fenceKey(), "incarnation");
        return raw == null ? null : new String((byte[]) raw, StandardCharsets.UTF_8);
    }

    /** Only the version, so a reconcile pass does not transfer configs it already holds. */
    public Long version(PolicyName name) {
        return parseVersion(name, (byte[]) redis.opsForHash().get(key(name), RedisLayout.VERSION_FIELD));
    }

    public StoredPolicy read(PolicyName name) {
        List<Object> values = redis.opsForHash().multiGet(key(name),
                List.of(RedisLayout.VERSION_FIELD, RedisLayout.DATA_FIELD));
        byte[] data = (byte[]) values.get(1);
        return new StoredPolicy(name, parseVersion(name, (byte[]) values.get(0)), data == null ? new byte[0] : data);
    }

    private String key(PolicyName name) {
        return layout.policyKey(kind, name.namespace(), name.name());
    }

    private Long parseVersion(PolicyName name, byte[] raw) {
        if (raw == null) {
            return null;
        }
        String text = new String(raw, StandardCharsets.UTF_8).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MalformedPolicyException(kind + " " + name + ": stored version is not a number: '" + text + "'", e);
        }
    }
}
