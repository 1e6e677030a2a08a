package dev.gantry.extauth.support;

import dev.gantry.proto.PolicyConfig;
import dev.gantry.proto.PolicyNotice;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.SealedSecret;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.data.redis.core.RedisTemplate;

/** Writes AuthConfig policies into Redis the way the translator does (docs/architecture.md, RedisLayout). */
public final class PolicyWriter {

    private final RedisTemplate<String, byte[]> redis;
    private final RedisLayout layout;

    public PolicyWriter(RedisTemplate<String, byte[]> redis, RedisLayout layout) {
        this.redis = redis;
        this.layout = layout;
    }

    public void write(String namespace, String name, long version, String specJson, SealedSecret... secrets) {
        PolicyConfig.Builder policy = PolicyConfig.newBuilder().setKind("AuthConfig").setNamespace(namespace)
                .setName(name).setGeneration(1).setVersion(version).setSpecJson(specJson);
        for (SealedSecret secret : secrets) {
            policy.putSecrets(secret.getNamespace() + "/" + secret.getName(), secret);
        }
        writeWithoutNotice(namespace, name, version, policy.build().toByteArray());
        notice(namespace, name, version, false);
    }

    /** The hash and the index only, as if the notice was lost. */
    public void writeWithoutNotice(String namespace, String name, long version, byte[] data) {
        redis.opsForHash().putAll(layout.policyKey("AuthConfig", namespace, name), Map.of(
                RedisLayout.VERSION_FIELD, Long.toString(version).getBytes(StandardCharsets.UTF_8),
                RedisLayout.DATA_FIELD, data));
        redis.opsForSet().add(layout.policyIndexKey("AuthConfig"),
                (namespace + "/" + name).getBytes(StandardCharsets.UTF_8));
    }

    public void remove(String namespace, String name, long version) {
        redis.opsForHash().putAll(layout.policyKey("AuthConfig", namespace, name), Map.of(
                RedisLayout.VERSION_FIELD, Long.toString(version).getBytes(StandardCharsets.UTF_8),
                RedisLayout.DATA_FIELD, new byte[0]));
        redis.opsForSet().remove(layout.policyIndexKey("AuthConfig"),
                (namespace + "/" + name).getBytes(StandardCharsets.UTF_8));
        notice(namespace, name, version, true);
    }

    private void notice(String namespace, String name, long version, boolean removed) {
        redis.convertAndSend(layout.policyNoticeChannel(), PolicyNotice.newBuilder().setKind("AuthConfig")
                .setNamespace(namespace).setName(name).setVersion(version).setRemoved(removed).build().toByteArray());
    }
}
