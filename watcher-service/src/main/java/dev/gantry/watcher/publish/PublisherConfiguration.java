package dev.gantry.watcher.publish;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import dev.gantry.watcher.resource.ResourceObjects;
import dev.gantry.watcher.secrets.SecretSealing;
import io.micrometer.core.instrument.MeterRegistry;

/** The publishing side, shared by every source. */
@Configuration(proxyBeanMethods = false)
class PublisherConfiguration {

    /** Created by Spring's KafkaAdmin when missing; compacted, because the topic is the current state. */
    @Bean
    NewTopic resourcesTopic(KafkaTopicProperties properties) {
        return TopicBuilder.name(properties.resourcesTopic())
                .partitions(properties.resourcesPartitions())
                .compact()
                .build();
    }

    @Bean
    ResourceObjects resourceObjects() {
        return new ResourceObjects();
    }

    @Bean
    ResourceLedger resourceLedger() {
        return new ResourceLedger();
    }

    @Bean
    SyncStatus syncStatus() {
        return new SyncStatus();
    }

    @Bean
    WatcherMetrics watcherMetrics(MeterRegistry registry, ResourceLedger ledger) {
        return new WatcherMetrics(registry, ledger);
    }

    @Bean
    TopicStateReader topicStateReader(ConsumerFactory<?, ?> consumers, KafkaAdmin admin, NewTopic resourcesTopic,
            ResourceObjects resourceObjects) {
        return new TopicStateReader(consumers, admin, resourcesTopic, resourceObjects);
    }

    @Bean
    KafkaResourcePublisher resourcePublisher(KafkaTemplate<String, byte[]> template, TopicStateReader reader,
            ResourceLedger ledger, WatcherMetrics metrics, SyncStatus status, KafkaTopicProperties properties,
            SecretSealing secretSealing) {
        return new KafkaResourcePublisher(template, reader, ledger, metrics, status, properties, secretSealing);
    }

    @Bean
    TopicHistoryFollower topicHistoryFollower(KafkaResourcePublisher publisher, TopicStateReader reader,
            KafkaTopicProperties properties) {
        return new TopicHistoryFollower(publisher, reader, properties.historyCheckInterval());
    }
}
