package dev.gantry.translator.redis;

import dev.gantry.proto.PolicyConfig;
import dev.gantry.proto.PolicyNotice;
import dev.gantry.proto.RedisLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Writes the policy configurations ratelimit-service and extauth-service read ({@link PolicyConfig}) with a
 * compare-and-set on their version, keeps each kind's index set and publishes the {@link PolicyNotice}, all in one
 * atomic step (the Lua script {@code scripts/write-policy.lua}), as {@link SnapshotStore} does for snapshots.
 */
public class PolicyStore {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> WRITE =
            LuaScripts.load("scripts/write-policy.lua", List.class);

    private final RedisTemplate<String, byte[]> redis;
    private final RedisLayout layout;

    public PolicyStore(RedisTemplate<String, byte[]> redis, RedisLayout layout) {
        this.redis = redis;
        this.layout = layout;
    }

    /** Writes {@code config} at its version. */
    public SnapshotWrite write(PolicyConfig config) {
        return compareAndSet(config.getKind(), config.getNamespace(), config.getName(), config.getVersion(),
                config.toByteArray());
    }

    /** Marks the policy removed (rejected or deleted); its hash stays, holding the version, as a fence. */
    public SnapshotWrite remove(String kind, String namespace, String name, long version) {
        return compareAndSet(kind, namespace, name, version, new byte[0]);
    }

    @SuppressWarnings("unchecked")
    private SnapshotWrite compareAndSet(String kind, String namespace, String name, long version, byte[] data) {
        byte[] notice = PolicyNotice.newBuilder().setKind(kind).setNamespace(namespace).setName(name)
                .setVersion(version).setRemoved(data.length == 0).build().toByteArray();
        List<String> result = redis.execute(WRITE, RedisSerializer.byteArray(),
                (RedisSerializer<List>) (Object) RedisSerializer.string(),
                List.of(layout.policyKey(kind, namespace, name), layout.policyIndexKey(kind)),
                utf8(Long.toString(version)), data, utf8(layout.policyNoticeChannel()), notice,
                utf8(namespace + "/" + name));
        return switch (result.get(0)) {
            case "written" -> SnapshotWrite.written(version);
            case "refused" -> new SnapshotWrite(SnapshotWrite.Outcome.REFUSED, Long.parseLong(result.get(1)));
            default -> throw new IllegalStateException("unexpected answer of write-policy.lua: " + result);
        };
    }

    /** {@code <namespace>/<name>} of the live policies of {@code kind}. */
    public Set<String> live(String kind) {
        Set<byte[]> members = redis.opsForSet().members(layout.policyIndexKey(kind));
        Set<String> live = new TreeSet<>();
        if (members != null) {
            members.forEach(member -> live.add(new String(member, StandardCharsets.UTF_8)));
        }
        return live;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
