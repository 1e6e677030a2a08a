package dev.gantry.support.policy;

import dev.gantry.proto.PolicyConfig;
import dev.gantry.proto.PolicyNotice;
import dev.gantry.proto.RedisLayout;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes policies into Redis with the translator's layout (hash, index set, notice; docs/architecture.md), over a
 * connection of its own, so a test can also leave out the notice or write what no translator would.
 */
final class TranslatorLikeWriter implements AutoCloseable {

    static final String KIND = "TestPolicy";

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisCommands<byte[], byte[]> redis;
    private final RedisLayout layout;

    TranslatorLikeWriter(int port, RedisLayout layout) {
        this.client = RedisClient.create("redis://127.0.0.1:" + port);
        this.connection = client.connect(ByteArrayCodec.INSTANCE);
        this.redis = connection.sync();
        this.layout = layout;
    }

    void write(String namespace, String name, long version, String spec, boolean notice) {
        byte[] data = PolicyConfig.newBuilder().setKind(KIND).setNamespace(namespace).setName(name)
                .setVersion(version).setSpecJson(spec).build().toByteArray();
        writeRaw(namespace, name, Long.toString(version), data, notice);
    }

    void remove(String namespace, String name, long version, boolean notice) {
        writeRaw(namespace, name, Long.toString(version), new byte[0], notice);
    }

    void writeRaw(String namespace, String name, String version, byte[] data, boolean notice) {
        redis.hset(utf8(layout.policyKey(KIND, namespace, name)),
                Map.of(utf8(RedisLayout.VERSION_FIELD), utf8(version), utf8(RedisLayout.DATA_FIELD), data));
        if (data.length == 0) {
            redis.srem(utf8(layout.policyIndexKey(KIND)), utf8(namespace + "/" + name));
        } else {
            redis.sadd(utf8(layout.policyIndexKey(KIND)), utf8(namespace + "/" + name));
        }
        if (notice) {
            publish(PolicyNotice.newBuilder().setKind(KIND).setNamespace(namespace).setName(name)
                    .setVersion(Long.parseLong(version)).setRemoved(data.length == 0).build().toByteArray());
        }
    }

    void index(String entry) {
        redis.sadd(utf8(layout.policyIndexKey(KIND)), utf8(entry));
    }

    void publish(byte[] notice) {
        redis.publish(utf8(layout.policyNoticeChannel()), notice);
    }

    /** What a translator does first in a new or emptied Redis: give it an incarnation. */
    void incarnation(String incarnation) {
        redis.hset(utf8(layout.fenceKey()), utf8("incarnation"), utf8(incarnation));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
