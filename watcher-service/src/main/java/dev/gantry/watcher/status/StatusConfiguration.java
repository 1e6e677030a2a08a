package dev.gantry.watcher.status;

import java.time.Clock;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import dev.gantry.watcher.kubernetes.LeaderElection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;

/** Status write-back: with the Kubernetes source, unless {@code gantry.watcher.status.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gantry.watcher", name = "source", havingValue = "kubernetes")
@ConditionalOnProperty(prefix = "gantry.watcher.status", name = "enabled", havingValue = "true", matchIfMissing = true)
class StatusConfiguration {

    @Bean
    StatusMetrics statusMetrics(MeterRegistry registry) {
        return new StatusMetrics(registry);
    }

    @Bean
    StatusWriteBack statusWriteBack(ConsumerFactory<?, ?> consumers, KafkaAdmin admin, LeaderElection election,
            KubernetesClient client, StatusProperties properties, StatusMetrics metrics) {
        // Not a NewTopic bean: that would make the admin create it at start-up, and the resources topic
        // is injected by type. Compacted: the latest status per object is all a new leader needs.
        NewTopic statusTopic = TopicBuilder.name(properties.topic()).partitions(properties.partitions())
                .compact().build();
        StatusWriter writer = new StatusWriter(client, new StatusMerge(properties.controllerName()), metrics,
                Clock.systemUTC());
        return new StatusWriteBack(consumers, admin, statusTopic, election, writer, metrics);
    }
}
