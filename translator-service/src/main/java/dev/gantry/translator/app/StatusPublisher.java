package dev.gantry.translator.app;

import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.shard.ShardView;
import dev.gantry.translator.status.ProgrammedState;
import dev.gantry.translator.status.ProgrammedStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Sends the status of each object to the compacted {@code gantry.status} topic (key: the object's
 * {@link ResourceKey}), only when it differs from what was last sent, and a tombstone when an object
 * no longer has a status of ours. A Gateway's {@code Programmed} conditions are set from what became
 * of its snapshot. A failed send is forgotten, so the next cycle sends it again. Statuses whose parents come from
 * the Gateways translated go in parts, one per shard ({@link StatusParts}).
 */
public class StatusPublisher {

    private static final Logger log = LoggerFactory.getLogger(StatusPublisher.class);

    private final KafkaOperations<String, byte[]> kafka;
    private final String topic;
    /** What the topic is known (or about to be known) to hold, by key. Send callbacks update it too. */
    private final Map<String, StatusRecord> sent = new ConcurrentHashMap<>();
    /** The ownership of the last cycle: shards new in the next one are taken over. */
    private ShardView lastView;
    /** Keys whose status could not be sent: the next cycle sends them again, whether or not they changed. */
    private final Set<String> retry = ConcurrentHashMap.newKeySet();
    /** The ownership {@link #sent} was last pruned for. */
    private ShardView prunedFor;
    /** The records of the statuses, kept per status object while the ownership stays (one translation a cycle). */
    private final OwnedStatusRecords records = new OwnedStatusRecords();
    private final Counter published;
    private final Counter failed;

    public StatusPublisher(KafkaOperations<String, byte[]> kafka, String topic, MeterRegistry meters) {
        this.kafka = kafka;
        this.topic = topic;
        this.published = Counter.builder("gantry.translator.statuses.published").register(meters);
        this.failed = Counter.builder("gantry.translator.statuses.failed").register(meters);
    }

    public void publish(PublishOutcome outcome) {
        if (!outcome.settled()) {
            return;
        }
        publish(outcome.statuses(), outcome.programmed(), outcome.owned(), outcome.partedObjects());
    }

    /** @param programmed per Gateway ({@code <namespace>/<name>}); a Gateway missing here stays Pending */
    public void publish(List<ResourceStatus> statuses, Map<String, ProgrammedState> programmed) {
        publish(statuses, programmed, ShardView.ALL, List::of);
    }

    /**
     * @param owned         the objects this replica reports on: a status it no longer owns is forgotten, not
     *                      withdrawn (its new owner reports it), and sent again should the ownership come back
     * @param partedObjects the resource keys of every object whose status is sent in parts ({@link StatusParts}):
     *                      asked only when shards were taken over, to withdraw the parts an earlier owner of those
     *                      shards may have left behind
     */
    public void publish(List<ResourceStatus> statuses, Map<String, ProgrammedState> programmed, ShardView owned,
            Supplier<? extends Collection<String>> partedObjects) {
        if (!owned.equals(prunedFor)) {
            // Records are only ever sent for what the view owns, so only a new view can leave others behind.
            sent.values().removeIf(record -> !owned.owns(record.owner()));
            prunedFor = owned;
        }
        List<ResourceStatus> effective = new ArrayList<>(statuses.size());
        for (ResourceStatus status : statuses) {
            effective.add(ProgrammedStatus.programmedWith(status)
                    .map(gateway -> ProgrammedStatus.apply(status, programmed.getOrDefault(gateway,
                            new ProgrammedState.Pending(""))))
                    .orElse(status));
        }
        OwnedStatusRecords.Cut cut = records.cut(effective, owned);
        if (cut.incremental() && owned.equals(lastView)) {
            publishChanges(cut);
            return;
        }
        retry.clear(); // everything is compared
        Map<String, StatusRecord> current = new LinkedHashMap<>();
        for (StatusRecord record : cut.all()) {
            current.put(record.key(), record);
        }
        current.forEach((key, record) -> {
            StatusRecord last = sent.get(key);
            // a record kept from the last cycle is the one sent then: equals answers at its identity check
            if (last == null || !record.status().equals(last.status())) {
                send(record);
            }
        });
        List<String> gone = new ArrayList<>();
        for (String key : sent.keySet()) {
            if (!current.containsKey(key)) {
                gone.add(key);
            }
        }
        gone.forEach(key -> {
            StatusRecord last = sent.get(key);
            if (last != null) {
                send(new StatusRecord(key, last.owner(), null));
            }
        });
        withdrawLeftoverParts(owned, current.keySet(), partedObjects);
    }

    /**
     * The same ownership as the last cycle, and every record not cut afresh is the very record of the last cycle, sent
     * then (or its send failed and its key waits in {@link #retry}): only the fresh records, the keys gone and the
     * failed ones need a look, not thousands of kept statuses.
     */
    private void publishChanges(OwnedStatusRecords.Cut cut) {
        for (StatusRecord record : cut.fresh()) {
            StatusRecord last = sent.get(record.key());
            if (last == null || !record.status().equals(last.status())) {
                send(record);
            }
        }
        for (String key : cut.gone()) {
            StatusRecord last = sent.get(key);
            if (last != null) {
                send(new StatusRecord(key, last.owner(), null));
            }
        }
        if (!retry.isEmpty()) {
            Set<String> failed = new HashSet<>(retry);
            retry.removeAll(failed);
            for (StatusRecord record : cut.all()) {
                if (failed.contains(record.key()) && sent.get(record.key()) == null) {
                    send(record);
                }
            }
        }
    }

    /**
     * Shards taken over (or owned for the first time since start) may hold parts their earlier owner sent and that
     * nothing sends any more (the route left the shard's Gateways during the hand-over): a tombstone for every
     * part of those shards that this replica does not send itself. A tombstone of a key never used costs a record.
     */
    private void withdrawLeftoverParts(ShardView owned, Set<String> current,
            Supplier<? extends Collection<String>> partedObjects) {
        if (owned.equals(lastView)) {
            return;
        }
        Set<Integer> taken = new TreeSet<>(owned.shards());
        if (lastView != null && lastView.shardCount() == owned.shardCount()) {
            taken.removeAll(lastView.shards());
        }
        lastView = owned;
        if (taken.isEmpty()) {
            return;
        }
        int withdrawn = 0;
        for (String object : partedObjects.get()) {
            for (int shard : taken) {
                String key = StatusParts.partKey(object, shard);
                if (!current.contains(key)) {
                    send(new StatusRecord(key, key, null));
                    withdrawn++;
                }
            }
        }
        log.info("Took over shards {}: withdrew {} status part(s) an earlier owner may have left", taken, withdrawn);
    }

    /** Waits until every status handed to Kafka so far was sent (before this replica's shards are handed over). */
    public void flush() {
        kafka.flush();
    }

    /** The statuses last handed to Kafka, by record key (for the admin view and tests). */
    public Map<String, ResourceStatus> sent() {
        Map<String, ResourceStatus> statuses = new HashMap<>();
        sent.forEach((key, record) -> statuses.put(key, record.status()));
        return Map.copyOf(statuses);
    }

    private void send(StatusRecord record) {
        String key = record.key();
        ResourceStatus status = record.status();
        if (status == null) {
            sent.remove(key);
        } else {
            sent.put(key, record);
        }
        try {
            kafka.send(topic, key, status == null ? null : status.toByteArray()).whenComplete((result, error) -> {
                if (error == null) {
                    published.increment();
                    return;
                }
                failed.increment();
                log.warn("Cannot send the status of {}, will send it again: {}", key, error.getMessage());
                if (status != null && sent.remove(key, record)) {
                    retry.add(key);
                }
            });
        } catch (RuntimeException e) {
            failed.increment();
            log.warn("Cannot send the status of {}, will send it again: {}", key, e.getMessage());
            if (status != null && sent.remove(key, record)) {
                retry.add(key);
            }
        }
    }

    static String keyOf(ResourceStatus status) {
        return StatusParts.resourceKeyOf(status);
    }
}
