package dev.gantry.watcher.status;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Status write-back (Kubernetes source only).
 *
 * @param enabled        whether the leader writes the translator's status to the status subresources
 * @param topic          where the translator publishes {@code ResourceStatus} records
 * @param partitions     the topic's partitions when the watcher has to create it
 * @param controllerName our controller; the only {@code status.parents} entries of routes we touch
 */
@ConfigurationProperties("gantry.watcher.status")
public record StatusProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("gantry.status") String topic,
        @DefaultValue("6") int partitions,
        @DefaultValue("gantry.dev/gateway-controller") String controllerName) {
}
