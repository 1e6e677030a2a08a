package dev.gantry.watcher.actuator;

import java.util.List;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

import dev.gantry.watcher.publish.ResourceLedger;

/** {@code /actuator/resources}: the keys this watcher has published and where each came from. */
@Component
@Endpoint(id = "resources")
public class ResourcesEndpoint {

    private final ResourceLedger ledger;

    public ResourcesEndpoint(ResourceLedger ledger) {
        this.ledger = ledger;
    }

    @ReadOperation
    public PublishedResources resources() {
        List<Entry> entries = ledger.all().stream()
                .map(r -> new Entry(r.key().toString(), r.source(), r.resourceVersion(), r.generation()))
                .toList();
        return new PublishedResources(entries.size(), entries);
    }

    public record PublishedResources(int count, List<Entry> resources) {
    }

    public record Entry(String key, String source, String resourceVersion, long generation) {
    }
}
