package dev.gantry.translator.app;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

@ConfigurationProperties("gantry")
public record TranslatorProperties(@DefaultValue Kafka kafka, @DefaultValue Redis redis) {

    /**
     * @param resourcesTopic the compacted topic holding every resource
     * @param resourcesPartitions partitions of that topic, used when the translator creates it
     * @param pollTimeout how long one poll of the topic waits for records
     * @param statusTopic the compacted topic the translator writes each object's status to
     */
    public record Kafka(
            @DefaultValue("gantry.resources") String resourcesTopic,
            @DefaultValue("6") int resourcesPartitions,
            @DefaultValue("100ms") Duration pollTimeout,
            @DefaultValue("gantry.status") String statusTopic) {
    }

    /** @param keyPrefix the prefix of every Redis key Gantry writes */
    public record Redis(@DefaultValue("gantry:") String keyPrefix) {
    }
}
