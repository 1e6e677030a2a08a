package dev.gantry.translator.redis;

import dev.gantry.proto.RedisLayout;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/** The fence hash ({@link RedisLayout#fenceKey()}): Redis incarnation, epoch counter, partition counts of histories. */
public class FenceStore {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ACQUIRE =
            LuaScripts.load("scripts/acquire-epoch.lua", List.class);
    private static final String INCARNATION = "incarnation";

    private final RedisTemplate<String, byte[]> redis;
    private final RedisLayout layout;

    public FenceStore(RedisTemplate<String, byte[]> redis, RedisLayout layout) {
        this.redis = redis;
        this.layout = layout;
    }

    /**
     * A new epoch, higher than every epoch taken before in this Redis incarnation; creates the incarnation when
     * Redis holds none (a new or emptied Redis).
     */
    @SuppressWarnings("unchecked")
    public WriterFence acquire() {
        List<String> result = redis.execute(ACQUIRE, RedisSerializer.string(), (RedisSerializer<List>) (Object) RedisSerializer.string(),
                List.of(layout.fenceKey()), UUID.randomUUID().toString());
        return new WriterFence(result.get(0), Long.parseLong(result.get(1)));
    }

    /** The incarnation Redis holds now, or null when it holds none (emptied since, or never written). */
    public String incarnation() {
        Object raw = redis.opsForHash().get(layout.fenceKey(), INCARNATION);
        return raw == null ? null : new String((byte[]) raw, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Records how many partitions the history {@code topicId} of the resources topic has, unless one was recorded
     * before, and returns the recorded count: a different count means partitions were added behind the history.
     */
    public int recordPartitions(String topicId, int partitions) {
        String field = "partitions:" + topicId;
        byte[] count = Integer.toString(partitions).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        redis.opsForHash().putIfAbsent(layout.fenceKey(), field, count);
        Object stored = redis.opsForHash().get(layout.fenceKey(), field);
        return stored == null ? partitions : Integer.parseInt(new String((byte[]) stored, java.nio.charset.StandardCharsets.UTF_8));
    }
}
