package dev.gantry.translator.app;

import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.shard.ShardView;
import dev.gantry.translator.status.ProgrammedState;
import dev.gantry.translator.status.ProgrammedStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Sends the status of each object to the compacted {@code gantry.status} topic (key: the object's
 * {@link ResourceKey}), only when it differs from what was last sent, and a tombstone when an object
 * no longer has a status of ours. A Gateway's {@code Programmed} conditions are set from what became
 * of its snapshot. A failed send is forgotten, so the next cycle sends it again.
 */
public class StatusPublisher {

    private static final Logger log = LoggerFactory.getLogger(StatusPublisher.class);

    private final KafkaOperations<String, byte[]> kafka;
    private final String topic;
    /** What the topic is known (or about to be known) to hold, by key. Send callbacks update it too. */
    private final Map<String, ResourceStatus> sent = new ConcurrentHashMap<>();
    private final Counter published;
    private final Counter failed;

    public StatusPublisher(KafkaOperations<String, byte[]> kafka, String topic, MeterRegistry meters) {
        this.kafka = kafka;
        this.topic = topic;
        this.published = Counter.builder("gantry.translator.statuses.published").register(meters);
        this.failed = Counter.builder("gantry.translator.statuses.failed").register(meters);
    }

    public void publish(PublishOutcome outcome) {
        publish(outcome.statuses(), outcome.programmed(), outcome.owned());
    }

    /** @param programmed per Gateway ({@code <namespace>/<name>}); a Gateway missing here stays Pending */
    public void publish(List<ResourceStatus> statuses, Map<String, ProgrammedState> programmed) {
        publish(statuses, programmed, ShardView.ALL);
    }

    /**
     * @param owned the objects this replica reports on: a status it no longer owns is forgotten, not withdrawn
     *              (its new owner reports it), and sent again should the ownership come back
     */
    public void publish(List<ResourceStatus> statuses, Map<String, ProgrammedState> programmed, ShardView owned) {
        sent.values().removeIf(status -> !owned.owns(StatusOwner.keyOf(status)));
        Map<String, ResourceStatus> current = new LinkedHashMap<>();
        for (ResourceStatus status : statuses) {
            ResourceStatus effective = ProgrammedStatus.programmedWith(status)
                    .map(gateway -> ProgrammedStatus.apply(status, programmed.getOrDefault(gateway,
                            new ProgrammedState.Pending(""))))
                    .orElse(status);
            current.put(keyOf(effective), effective);
        }
        current.forEach((key, status) -> {
            if (!status.equals(sent.get(key))) {
                send(key, status);
            }
        });
        Set<String> gone = new HashSet<>(sent.keySet());
        gone.removeAll(current.keySet());
        gone.forEach(key -> send(key, null));
    }

    /** The statuses last handed to Kafka, by key (for the admin view and tests). */
    public Map<String, ResourceStatus> sent() {
        return Map.copyOf(sent);
    }

    private void send(String key, ResourceStatus status) {
        if (status == null) {
            sent.remove(key);
        } else {
            sent.put(key, status);
        }
        try {
            kafka.send(topic, key, status == null ? null : status.toByteArray()).whenComplete((result, error) -> {
                if (error == null) {
                    published.increment();
                    return;
                }
                failed.increment();
                log.warn("Cannot send the status of {}, will send it again: {}", key, error.getMessage());
                if (status != null) {
                    sent.remove(key, status);
                }
            });
        } catch (RuntimeException e) {
            failed.increment();
            log.warn("Cannot send the status of {}, will send it again: {}", key, e.getMessage());
            if (status != null) {
                sent.remove(key, status);
            }
        }
    }

    static String keyOf(ResourceStatus status) {
        return ResourceKey.of(status.getApiVersion(), status.getKind(), status.getNamespace(), status.getName()).toString();
    }
}
