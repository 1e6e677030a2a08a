package dev.gantry.translator.app;

import dev.gantry.translator.snapshot.EnvoySnapshotValidator;
import dev.gantry.proto.RedisLayout;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.kafka.ResourceFeed;
import dev.gantry.translator.kafka.SyncState;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.redis.PolicyStore;
import dev.gantry.translator.redis.SnapshotStore;
import dev.gantry.translator.validation.EnvoyValidator;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

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
    SnapshotStore snapshotStore(RedisConnectionFactory connections, RedisLayout layout) {
        RedisTemplate<String, byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.setKeySerializer(RedisSerializer.string());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.afterPropertiesSet();
        return new SnapshotStore(template, layout);
    }

    @Bean
    PolicyStore policyStore(RedisConnectionFactory connections, RedisLayout layout) {
        RedisTemplate<String, byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.setKeySerializer(RedisSerializer.string());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.afterPropertiesSet();
        return new PolicyStore(template, layout);
    }

    @Bean
    SyncState resourcesSync() {
        return new SyncState();
    }

    @Bean
    ResourceFeed resourceFeed(ConsumerFactory<String, byte[]> consumers, TranslatorProperties properties,
            SnapshotStore store, PolicyStore policyStore, SyncState sync, StatusPublisher statuses, MeterRegistry meters) {
        // The index and the publishers live on the feed's thread alone, so they need no locking.
        var publisher = new SnapshotPublisher(new GatewayTranslator(properties.policyServices().toPolicyServices()), store,
                new EnvoySnapshotValidator(EnvoyValidator.shared()), meters);
        var index = new ResourceIndex();
        var loop = new TranslationLoop(index, publisher, statuses, meters);
        // RateLimitConfigs and AuthConfigs for ratelimit-service and extauth-service, after each batch
        var withPolicies = new PolicyPublishingHandler(loop, index, new PolicyPublisher(policyStore, meters));
        return new ResourceFeed(consumers, properties.kafka().resourcesTopic(), properties.kafka().pollTimeout(),
                withPolicies, sync);
    }
}
