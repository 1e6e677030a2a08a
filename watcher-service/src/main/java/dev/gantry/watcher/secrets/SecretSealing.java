package dev.gantry.watcher.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.gantry.proto.ResourceKey;
import dev.gantry.watcher.publish.PublishedResource;
import dev.gantry.watcher.publish.SourceListing;
import dev.gantry.watcher.resource.ResourceObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one place every source's listing passes before it is compared with the topic: Secrets are sealed, and
 * those that cannot be are left out (so a Secret published earlier is deleted rather than kept in the clear).
 * Each refusal is logged once per Secret and reason, never with a value.
 */
public class SecretSealing {

    private static final Logger log = LoggerFactory.getLogger(SecretSealing.class);

    private final SecretSealer sealer;
    private final Counter refusals;
    /** The last reason logged per refused Secret, so every sync does not repeat it. */
    private final Map<ResourceKey, String> reported = new ConcurrentHashMap<>();

    public SecretSealing(SecretSealer sealer, MeterRegistry meters) {
        this.sealer = sealer;
        this.refusals = Counter.builder("gantry.watcher.secrets.refused")
                .description("Secrets left unpublished because they could not be sealed").register(meters);
    }

    public SourceListing seal(SourceListing listing, Map<ResourceKey, PublishedResource> published) {
        List<ResourceObject> objects = new ArrayList<>(listing.objects().size());
        for (ResourceObject object : listing.objects()) {
            ResourceObject sealed = seal(object, published.get(object.key()));
            if (sealed != null) {
                objects.add(sealed);
            }
        }
        return new SourceListing(listing.sourcePrefix(), objects, listing.retainedSources(), listing.id());
    }

    /**
     * One object as it may be published (a Secret sealed, reusing {@code published}'s envelopes for unchanged
     * values), or null when it must not be published: the listing then holds no object under its key.
     */
    public ResourceObject seal(ResourceObject object, PublishedResource published) {
        try {
            ResourceObject sealed = sealer.seal(object, published);
            reported.remove(object.key());
            return sealed;
        } catch (SecretRefusedException e) {
            refusals.increment();
            if (!Objects.equals(reported.put(object.key(), e.getMessage()), e.getMessage())) {
                log.error("Not publishing Secret {} (from {}): {}", object.key(), object.source(), e.getMessage());
            }
            return null;
        }
    }
}
