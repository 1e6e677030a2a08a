package dev.gantry.xds.tracing;

import dev.gantry.proto.SourceChange;
import dev.gantry.xds.server.ConnectedStreams;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * From a source change to each proxy's ACK. A snapshot carries the change that caused it
 * ({@code GatewaySnapshot.source_change}: resource key, resourceVersion, when the watcher saw it); each response is
 * remembered with the snapshot its Gateway was at when it was sent, and the first ACK on a stream of a response
 * traced to a newer change records the time since the watcher saw the change (timer {@code gantry.xds.change.acked},
 * tagged by gateway) and logs the change and the node. A response is traced to the snapshot being served when it is
 * sent; when two snapshots are applied within the moment a response takes to build, it may be traced to the newer.
 *
 * <p>Kept lock-free on purpose: the response callbacks run inside java-control-plane's cache locks, which
 * {@code GatewaySnapshotRegistry} holds its own lock around.
 */
@Component
public class ChangeTracing implements DiscoveryServerCallbacks {

    private static final Logger log = LoggerFactory.getLogger(ChangeTracing.class);

    /** The snapshot being served for a Gateway and the change it is traced to (null when it carries none). */
    record Trace(long version, SourceChange change) {
    }

    /** The last traced ACK of a Gateway, for tests and the curious. */
    public record AckedChange(String gateway, long version, String resourceKey, String resourceVersion,
                              String nodeId, String typeUrl, Duration sinceObserved) {
    }

    private record Sent(String nonce, String gateway, Trace trace, String typeUrl) {
    }

    private static final class StreamTraces {
        /** The latest response of each type: a client ACKs the latest (an older nonce is stale). At most 6. */
        final Map<String, Sent> byType = new ConcurrentHashMap<>();
        /** When the watcher saw the last change timed on this stream: each change is timed once per stream. */
        volatile Instant lastTimed = Instant.MIN;
    }

    private final ConnectedStreams streams;
    private final MeterRegistry meters;
    private final Map<String, Trace> current = new ConcurrentHashMap<>();
    private final Map<Long, StreamTraces> byStream = new ConcurrentHashMap<>();
    private final Map<String, AckedChange> lastAcked = new ConcurrentHashMap<>();

    public ChangeTracing(ConnectedStreams streams, MeterRegistry meters) {
        this.streams = streams;
        this.meters = meters;
    }

    /** Called just before a snapshot is put into service (its responses may go out at once). */
    public void serving(String gateway, long version, byte[] storedSnapshot) {
        current.put(gateway, new Trace(version, SourceChangeReader.read(storedSnapshot)));
    }

    public void removed(String gateway) {
        current.remove(gateway);
    }

    public Optional<AckedChange> lastAcked(String gateway) {
        return Optional.ofNullable(lastAcked.get(gateway));
    }

    @Override
    public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
        if (!request.getResponseNonce().isEmpty()) {
            answered(streamId, request.getResponseNonce(), request.hasErrorDetail());
        }
    }

    @Override
    public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
        if (!request.getResponseNonce().isEmpty()) {
            answered(streamId, request.getResponseNonce(), request.hasErrorDetail());
        }
    }

    @Override
    public void onV3StreamResponse(long streamId, DiscoveryRequest request, DiscoveryResponse response) {
        sent(streamId, response.getNonce(), response.getTypeUrl());
    }

    @Override
    public void onV3StreamDeltaResponse(long streamId, DeltaDiscoveryRequest request, DeltaDiscoveryResponse response) {
        sent(streamId, response.getNonce(), response.getTypeUrl());
    }

    @Override
    public void onStreamClose(long streamId, String typeUrl) {
        byStream.remove(streamId);
    }

    @Override
    public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
        byStream.remove(streamId);
    }

    private void sent(long streamId, String nonce, String typeUrl) {
        Node node = streams.nodeOf(streamId);
        if (node == null) {
            return;
        }
        Trace trace = current.get(node.getCluster());
        if (trace != null) {
            byStream.computeIfAbsent(streamId, id -> new StreamTraces()).byType
                    .put(typeUrl, new Sent(nonce, node.getCluster(), trace, typeUrl));
        }
    }

    private void answered(long streamId, String nonce, boolean nack) {
        StreamTraces traces = byStream.get(streamId);
        Sent sent = traces == null ? null : traces.byType.values().stream()
                .filter(s -> s.nonce().equals(nonce)).findFirst().orElse(null);
        if (sent != null) {
            traces.byType.remove(sent.typeUrl(), sent);
        }
        if (sent == null || nack || sent.trace().change() == null) {
            return;
        }
        SourceChange change = sent.trace().change();
        Instant observed = Instant.ofEpochSecond(change.getObservedAt().getSeconds(), change.getObservedAt().getNanos());
        // Compared by the source's clock, not by snapshot version: versions start over when Redis is emptied, and a
        // snapshot rewritten for another reason (a rebalance) carries the change that was already timed.
        if (!observed.isAfter(traces.lastTimed)) {
            return;
        }
        traces.lastTimed = observed;
        Duration since = Duration.between(observed, Instant.now());
        Node node = streams.nodeOf(streamId);
        String nodeId = node == null ? "" : node.getId();
        Timer.builder("gantry.xds.change.acked")
                .description("From a source change seen by the watcher to a proxy's ACK of the snapshot it caused")
                .tag("gateway", sent.gateway())
                .register(meters)
                .record(since.isNegative() ? Duration.ZERO : since);
        lastAcked.put(sent.gateway(), new AckedChange(sent.gateway(), sent.trace().version(), change.getResourceKey(),
                change.getResourceVersion(), nodeId, sent.typeUrl(), since));
        log.info("change {} (resourceVersion {}{}) acked by node {} of gateway {} ({} version {}) {} ms after the "
                        + "watcher saw it", change.getResourceKey(), change.getResourceVersion(),
                change.getDeleted() ? ", deleted" : "", nodeId, sent.gateway(), shortType(sent.typeUrl()),
                sent.trace().version(), since.toMillis());
    }

    private static String shortType(String typeUrl) {
        return typeUrl.substring(typeUrl.lastIndexOf('.') + 1);
    }
}
