package dev.gantry.watcher.publish;

import dev.gantry.support.Failures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import dev.gantry.proto.HistoryMarker;
import dev.gantry.proto.ResourceKey;
import dev.gantry.watcher.resource.ResourceObject;
import dev.gantry.watcher.secrets.SecretSealing;

/**
 * Publishes {@code ResourceEvent}s and tombstones to the resources topic. Follows the topic's history: when the
 * topic was created again (a new topic id, {@link #followHistory()}), it learns the new one's content and publishes
 * everything its sources hold into it again, then a {@link HistoryMarker} saying it is complete.
 */
public class KafkaResourcePublisher implements ResourcePublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaResourcePublisher.class);

    private final KafkaTemplate<String, byte[]> template;
    private final TopicStateReader topicStateReader;
    private final ResourceLedger ledger;
    private final WatcherMetrics metrics;
    private final SyncStatus status;
    private final String topic;
    private final SecretSealing secretSealing;
    /** Per source prefix, the id of the state the topic holds completely (the last complete sync); none when unsure. */
    private final Map<String, Long> completedStates = new HashMap<>();
    /** The latest whole state of each source prefix: what is published again into a new history of the topic. */
    private final Map<String, java.util.function.Supplier<SourceListing>> latest = new HashMap<>();
    /** The topic id the ledger was learned from; null until it was. */
    private String history;
    /** Source prefixes whose complete sync into the current history has not been marked yet. */
    private final Set<String> markerOwed = new java.util.HashSet<>();

    public KafkaResourcePublisher(KafkaTemplate<String, byte[]> template, TopicStateReader topicStateReader,
            ResourceLedger ledger, WatcherMetrics metrics, SyncStatus status, KafkaTopicProperties properties,
            SecretSealing secretSealing) {
        this.template = template;
        this.secretSealing = secretSealing;
        this.topicStateReader = topicStateReader;
        this.ledger = ledger;
        this.metrics = metrics;
        this.status = status;
        this.topic = properties.resourcesTopic();
    }

    @Override
    public synchronized SyncResult sync(SourceListing listing) {
        latest.put(listing.sourcePrefix(), () -> listing);
        learnPublishedState(listing.sourcePrefix());
        Map<ResourceKey, PublishedResource> publishedState = ledger.snapshot();
        PublishPlan plan = PublishPlan.between(publishedState, secretSealing.seal(listing, publishedState));
        metrics.synced(false);
        return publish(listing.sourcePrefix(), listing.id(), plan, "");
    }

    /**
     * Only the changed keys are compared with the topic when the topic holds exactly the state they were made on
     * (this publisher completed it and nothing has been sent since): a one-file change then costs that file, not a
     * comparison of every object of the folder. Otherwise the whole state is compared.
     */
    @Override
    public synchronized SyncResult sync(SourceChanges changes) {
        latest.put(changes.sourcePrefix(), changes.whole());
        learnPublishedState(changes.sourcePrefix());
        Long completed = completedStates.get(changes.sourcePrefix());
        if (changes.basis() < 0 || completed == null || completed != changes.basis()) {
            return sync(changes.whole().get());
        }
        Set<ResourceKey> keys = new TreeSet<>(Comparator.comparing(ResourceKey::toString));
        keys.addAll(changes.keys());
        keys.addAll(ledger.keysFrom(changes.sources()));
        Map<ResourceKey, ResourceObject> sealed = new HashMap<>();
        for (ResourceKey key : keys) {
            ResourceObject object = changes.resolve().apply(key);
            if (object != null) {
                ResourceObject publishable = secretSealing.seal(object, ledger.get(key));
                if (publishable != null) {
                    sealed.put(key, publishable);
                }
            }
        }
        PublishPlan plan = PublishPlan.forKeys(keys, sealed::get, ledger::get, changes.sourcePrefix(),
                changes.retainedSources(), 0);
        metrics.synced(true);
        return publish(changes.sourcePrefix(), changes.id(), plan, " (" + keys.size() + " changed key(s) looked at)");
    }

    private SyncResult publish(String sourcePrefix, long stateId, PublishPlan plan, String scope) {
        // Whatever happens now, the topic holds no completed state until this one completes (a sync of another
        // source may overwrite keys of this one's too).
        completedStates.clear();
        Instant observedAt = Instant.now();
        List<Pending> pending = new ArrayList<>();
        for (PublishPlan.Upsert upsert : plan.upserts()) {
            ResourceObject object = upsert.object();
            byte[] value = ResourceEvents.of(object, upsert.generation(), observedAt).toByteArray();
            PublishedResource published = new PublishedResource(object.key(), object.source(), object.json(),
                    object.contentDigest(), upsert.generation(), object.specDigest());
            pending.add(new Pending(object.key(), send(object.key(), value), () -> {
                ledger.put(published);
                metrics.eventPublished();
                log.debug("Published {} (generation {}) from {}", object.key(), upsert.generation(), object.source());
            }));
        }
        for (PublishPlan.Tombstone tombstone : plan.tombstones()) {
            pending.add(new Pending(tombstone.key(), send(tombstone.key(), null), () -> {
                ledger.remove(tombstone.key());
                metrics.tombstonePublished();
                log.debug("Deleted {} (was from {})", tombstone.key(), tombstone.previous().source());
            }));
        }
        SyncResult result = awaitAcknowledgements(plan, pending);
        if (result.complete() && markerOwed.contains(sourcePrefix)) {
            markComplete(sourcePrefix);
        }
        status.recordSync(result);
        if (result.complete() && stateId != 0) {
            completedStates.put(sourcePrefix, stateId);
        }
        if (!plan.isEmpty() || !result.complete()) {
            log.info("Synced '{}' sources{}: {} published, {} deleted, {} unchanged, {} failed", sourcePrefix, scope,
                    result.published(), result.tombstones(), result.unchanged(), result.failed());
        }
        return result;
    }

    /**
     * Looks the topic's id up; when it is another than the one the ledger was learned from (the topic was deleted,
     * and perhaps created again), forgets the ledger and syncs every source's last listing again: the new topic gets
     * everything (created as declared if it is missing), then its marker. Called every few seconds.
     *
     * @throws PublishException when Kafka cannot be asked
     */
    public synchronized void followHistory() {
        if (history == null) {
            return; // nothing learned yet: the next sync reads whatever history there is
        }
        String now = topicStateReader.topicId();
        if (history.equals(now)) {
            // a marker Kafka did not take is sent again (the sync publishes nothing else: nothing changed)
            for (String owed : List.copyOf(markerOwed)) {
                var whole = latest.get(owed);
                if (whole != null) {
                    sync(whole.get());
                }
            }
            return;
        }
        log.warn("Topic {} was {} (topic id {} → {}): publishing everything again", topic,
                now == null ? "deleted" : "created again", history, now == null ? "none" : now);
        ledger.clear();
        // the new topic holds no state this publisher completed: every source is compared whole
        completedStates.clear();
        history = null;
        for (var whole : List.copyOf(latest.values())) {
            sync(whole.get());
        }
    }

    private void learnPublishedState(String sourcePrefix) {
        if (ledger.isLoaded(sourcePrefix)) {
            return;
        }
        try {
            // the id before the content: a topic created again in between is noticed by the next followHistory()
            String id = topicStateReader.topicId();
            List<PublishedResource> live = topicStateReader.readLive(sourcePrefix);
            history = id != null ? id : topicStateReader.topicId();
            markerOwed.add(sourcePrefix);
            ledger.load(sourcePrefix, live);
            log.info("Topic {} holds {} live resource(s) from '{}' sources", topic, live.size(), sourcePrefix);
        } catch (PublishException e) {
            status.recordFailure(Failures.reason(e));
            throw e;
        }
    }

    /** Says in the topic that everything of these sources is in this history (translators wait for it). */
    private void markComplete(String sourcePrefix) {
        try {
            send(HistoryMarker.key(sourcePrefix), HistoryMarker.event(sourcePrefix, Instant.now()).toByteArray()).get();
            markerOwed.remove(sourcePrefix);
        } catch (ExecutionException e) {
            log.warn("Kafka did not acknowledge the history marker of '{}' sources, will retry: {}", sourcePrefix,
                    e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletableFuture<?> send(ResourceKey key, byte[] value) {
        try {
            return template.send(topic, key.toString(), value);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private SyncResult awaitAcknowledgements(PublishPlan plan, List<Pending> pending) {
        int published = 0;
        int tombstones = 0;
        int failed = 0;
        String firstError = null;
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            try {
                p.future().get();
                p.onAcknowledged().run();
                if (i < plan.upserts().size()) {
                    published++;
                } else {
                    tombstones++;
                }
            } catch (ExecutionException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failed++;
                metrics.publishFailed();
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (firstError == null) {
                    firstError = p.key() + ": " + cause;
                }
                log.warn("Kafka did not acknowledge {}: {}", p.key(), cause.toString());
            }
        }
        return new SyncResult(published, tombstones, plan.unchanged(), failed, firstError);
    }

    private record Pending(ResourceKey key, CompletableFuture<?> future, Runnable onAcknowledged) {
    }
}
