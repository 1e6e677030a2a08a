package dev.gantry.translator.app;

import dev.gantry.proto.RedisLayout;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.kafka.AdminTopicHistories;
import dev.gantry.translator.kafka.FeedLiveness;
import dev.gantry.translator.kafka.ResourceFeed;
import dev.gantry.translator.kafka.SyncState;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.redis.PolicyStore;
import dev.gantry.translator.redis.FenceStore;
import dev.gantry.translator.redis.SnapshotStore;
import dev.gantry.translator.shard.FencedLeases;
import dev.gantry.translator.shard.InputCatchUp;
import dev.gantry.translator.shard.Ownership;
import dev.gantry.translator.shard.ShardAssignments;
import dev.gantry.translator.snapshot.EnvoySnapshotValidator;
import dev.gantry.translator.validation.EnvoyValidator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TranslatorProperties.class)
class TranslatorConfiguration {

    @Bean
    NewTopic resourcesTopic(TranslatorProperties properties) {
        return TopicBuilder.name(properties.kafka().resourcesTopic())
                .partitions(properties.kafka().resourcesPartitions())
                .compact()
                .build();
    }

    @Bean
    NewTopic statusTopic(TranslatorProperties properties) {
        return TopicBuilder.name(properties.kafka().statusTopic())
                .partitions(properties.kafka().resourcesPartitions())
                .compact()
                .build();
    }

    @Bean
    StatusPublisher statusPublisher(KafkaTemplate<String, byte[]> kafka, TranslatorProperties properties,
            MeterRegistry meters) {
        return new StatusPublisher(kafka, properties.kafka().statusTopic(), meters);
    }

    @Bean
    RedisLayout redisLayout(TranslatorProperties properties) {
        return new RedisLayout(properties.redis().keyPrefix());
    }

    @Bean
    RedisTemplate<String, byte[]> gantryRedisTemplate(RedisConnectionFactory connections) {
        RedisTemplate<String, byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.setKeySerializer(RedisSerializer.string());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.setHashKeySerializer(RedisSerializer.string());
        template.setHashValueSerializer(RedisSerializer.byteArray());
        template.afterPropertiesSet();
        return template;
    }

    @Bean
    SnapshotStore snapshotStore(RedisTemplate<String, byte[]> gantryRedisTemplate, RedisLayout layout) {
        return new SnapshotStore(gantryRedisTemplate, layout);
    }

    @Bean
    FenceStore fenceStore(RedisTemplate<String, byte[]> gantryRedisTemplate, RedisLayout layout) {
        return new FenceStore(gantryRedisTemplate, layout);
    }

    @Bean
    PolicyStore policyStore(RedisTemplate<String, byte[]> gantryRedisTemplate, RedisLayout layout) {
        return new PolicyStore(gantryRedisTemplate, layout);
    }

    @Bean
    SyncState resourcesSync() {
        return new SyncState();
    }

    @Bean
    FeedLiveness resourcesFeed(SyncState sync) {
        return new FeedLiveness(sync);
    }

    /** Without sharding this replica owns every Gateway. */
    @Bean
    @ConditionalOnProperty(name = "gantry.sharding.enabled", havingValue = "false")
    Ownership allShards() {
        return Ownership.all();
    }

    @Bean(destroyMethod = "close")
    AdminTopicHistories topicHistories(KafkaAdmin admin, FenceStore fences) {
        return new AdminTopicHistories(admin.getConfigurationProperties(), fences, Duration.ofSeconds(10));
    }

    @Bean
    ResourceFeed resourceFeed(ConsumerFactory<String, byte[]> consumers, TranslatorProperties properties,
            SnapshotStore store, PolicyStore policyStore, FenceStore fences, Ownership ownership, SyncState sync,
            StatusPublisher statuses, AdminTopicHistories histories, MeterRegistry meters) {
        AtomicInteger translated = new AtomicInteger();
        Gauge.builder("gantry.translator.gateways.translated", translated, AtomicInteger::get)
                .description("Gateways the last cycle translated: those of the shards this replica owns")
                .register(meters);
        // The index and the publishers live on the feed's thread alone, so they need no locking. Each history of the
        // resources topic gets fresh ones: an empty index, and leases that take a new epoch before the first write.
        // RateLimitConfigs and AuthConfigs for ratelimit-service and extauth-service follow each batch, under the
        // same leases (owned keys only, the same epoch in their versions).
        // A shard taken over is written only once the input caught up with what its previous owner could have read.
        InputCatchUp catchUp = new InputCatchUp();
        return new ResourceFeed(consumers, properties.kafka().resourcesTopic(), properties.kafka().pollTimeout(), () -> {
            var leases = new FencedLeases(ownership, fences, properties.redis().fenceCheckInterval(), Clock.systemUTC(),
                    catchUp);
            var publisher = new SnapshotPublisher(new GatewayTranslator(properties.policyServices().toPolicyServices()),
                    store, new EnvoySnapshotValidator(EnvoyValidator.shared()), leases, meters, translated);
            var index = new ResourceIndex();
            var loop = new TranslationLoop(index, publisher, statuses, meters);
            return new OwnershipCycleHandler(
                    new PolicyPublishingHandler(loop, index, new PolicyPublisher(policyStore, leases, meters)), ownership);
        }, sync, histories, properties.kafka().historyCheckInterval())
                .followingOwnership(catchUp, () -> ownership.view().generation());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "gantry.sharding.enabled", havingValue = "true", matchIfMissing = true)
    static class Sharding {

        @Bean
        NewTopic shardsTopic(TranslatorProperties properties) {
            return TopicBuilder.name(properties.sharding().topic()).partitions(properties.sharding().shards()).build();
        }

        @Bean
        ShardAssignments shardAssignments(TranslatorProperties properties, StatusPublisher statuses) {
            return new ShardAssignments(properties.sharding().topic(), properties.sharding().sessionTimeout(),
                    statuses::flush);
        }

        /**
         * Membership of the shards group: Kafka assigns this replica its shards (the topic's partitions) and moves
         * them when a replica joins or leaves. Nothing is ever published on the topic.
         */
        @Bean
        ConcurrentMessageListenerContainer<String, byte[]> shardMembership(ConsumerFactory<String, byte[]> consumers,
                TranslatorProperties properties, ShardAssignments assignments) {
            ContainerProperties container = new ContainerProperties(properties.sharding().topic());
            container.setGroupId(properties.sharding().group());
            container.setConsumerRebalanceListener(assignments);
            container.setMessageListener((MessageListener<String, byte[]>) record -> { });
            Properties consumer = new Properties();
            consumer.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                    Long.toString(properties.sharding().sessionTimeout().toMillis()));
            consumer.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                    Long.toString(Math.max(500, properties.sharding().sessionTimeout().toMillis() / 5)));
            container.setKafkaConsumerProperties(consumer);
            container.setMissingTopicsFatal(false);
            // an ACL fixed after start (or a broker still loading its ACLs) must not stop membership for good
            container.setAuthExceptionRetryInterval(Duration.ofSeconds(10));
            return new ConcurrentMessageListenerContainer<>(consumers, container);
        }
    }
}
