package dev.gantry.watcher.publish;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param resourcesTopic      the compacted topic holding every resource (DESIGN.md §4)
 * @param resourcesPartitions its partitions when the watcher has to create it
 * @param historyCheckInterval how often the watcher looks up the topic's id, to notice it was created again
 *                             (and publish everything into the new one)
 */
@ConfigurationProperties("gantry.kafka")
public record KafkaTopicProperties(
        @DefaultValue("gantry.resources") String resourcesTopic,
        @DefaultValue("6") int resourcesPartitions,
        @DefaultValue("10s") java.time.Duration historyCheckInterval) {
}
