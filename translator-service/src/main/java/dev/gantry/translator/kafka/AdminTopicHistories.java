package dev.gantry.translator.kafka;

import dev.gantry.translator.redis.FenceStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Topic histories from Kafka's Admin API; partition counts recorded in the Redis fence hash. */
public class AdminTopicHistories implements TopicHistories, AutoCloseable {

    private final Admin admin;
    private final FenceStore fences;
    private final Duration timeout;

    public AdminTopicHistories(Map<String, Object> adminConfig, FenceStore fences, Duration timeout) {
        this.admin = Admin.create(adminConfig);
        this.fences = fences;
        this.timeout = timeout;
    }

    @Override
    public TopicHistory describe(String topic) {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic),
                            new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
                    .allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return new TopicHistory(description.topicId().toString(), description.partitions().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("describing topic " + topic + " timed out after " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public int recordPartitions(TopicHistory history) {
        return fences.recordPartitions(history.topicId(), history.partitions());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
