package dev.gantry.ratelimit;

import dev.gantry.proto.PolicyConfig;
import dev.gantry.proto.PolicyNotice;
import dev.gantry.proto.RedisLayout;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.data.redis.core.RedisTemplate;

/** Writes RateLimitConfigs into Redis the way the translator does (RedisLayout's policy keys), for tests. */
final class PolicyWriter {

    static final String KIND = "RateLimitConfig";

    private final RedisTemplate<String, byte[]> redis;
    private final RedisLayout layout;

    PolicyWriter(RedisTemplate<String, byte[]> redis, RedisLayout layout) {
        this.redis = redis;
        this.layout = layout;
    }

    void write(String namespace, String name, long version, String specJson, boolean notify) {
        PolicyConfig config = PolicyConfig.newBuilder().setKind(KIND).setNamespace(namespace).setName(name)
                .setVersion(version).setGeneration(1).setSpecJson(specJson).build();
        writeRaw(namespace, name, version, config.toByteArray(), notify);
    }

    void writeRaw(String namespace, String name, long version, byte[] data, boolean notify) {
        redis.opsForHash().putAll(layout.policyKey(KIND, namespace, name), Map.of(
                RedisLayout.VERSION_FIELD, Long.toString(version).getBytes(StandardCharsets.UTF_8),
                RedisLayout.DATA_FIELD, data));
        if (data.length == 0) {
            redis.opsForSet().remove(layout.policyIndexKey(KIND), (Object) bytes(namespace + "/" + name));
        } else {
            redis.opsForSet().add(layout.policyIndexKey(KIND), bytes(namespace + "/" + name));
        }
        if (notify) {
            redis.convertAndSend(layout.policyNoticeChannel(), PolicyNotice.newBuilder().setKind(KIND)
                    .setNamespace(namespace).setName(name).setVersion(version).setRemoved(data.length == 0)
                    .build().toByteArray());
        }
    }

    void remove(String namespace, String name, long version) {
        writeRaw(namespace, name, version, new byte[0], true);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
