package dev.gantry.xds.server;

import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * What a Delta client said it already holds when it opened its stream ({@code initial_resource_versions}: a client
 * reconnecting, to this replica after a restart or to another one), for as long as nothing newer was sent on the
 * stream about those resources. java-control-plane ignores these versions and sends a new stream everything; with
 * {@link ResumingCache} they count as what the client holds, so only what differs is sent and what is gone is
 * reported removed.
 *
 * <p>A name leaves this record once a response on the stream mentions it (sent or removed): from then on
 * java-control-plane tracks it from the client's ACK.
 */
@Component
public class HeldVersions implements DiscoveryServerCallbacks {

    /**
     * The stream whose request is being handled on this thread: java-control-plane runs the callbacks and then
     * creates the watch, on the same thread, for every request; the cache gets the request but not its stream.
     */
    private static final ThreadLocal<Long> CURRENT_STREAM = new ThreadLocal<>();

    /** stream → type URL → resource name → version the client holds. */
    private final Map<Long, Map<String, Map<String, String>>> held = new ConcurrentHashMap<>();

    @Override
    public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
    }

    @Override
    public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
        CURRENT_STREAM.set(streamId);
        if (request.getInitialResourceVersionsCount() > 0) {
            held.computeIfAbsent(streamId, id -> new ConcurrentHashMap<>())
                    .put(request.getTypeUrl(), new ConcurrentHashMap<>(request.getInitialResourceVersionsMap()));
        }
        if (request.getResourceNamesUnsubscribeCount() > 0) {
            Map<String, String> ofType = ofType(streamId, request.getTypeUrl());
            if (ofType != null) {
                request.getResourceNamesUnsubscribeList().forEach(ofType::remove);
            }
        }
    }

    @Override
    public void onV3StreamDeltaResponse(long streamId, DeltaDiscoveryRequest request, DeltaDiscoveryResponse response) {
        Map<String, String> ofType = ofType(streamId, response.getTypeUrl());
        if (ofType != null) {
            response.getResourcesList().forEach(r -> ofType.remove(r.getName()));
            response.getRemovedResourcesList().forEach(ofType::remove);
        }
    }

    @Override
    public void onStreamClose(long streamId, String typeUrl) {
        held.remove(streamId);
    }

    @Override
    public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
        held.remove(streamId);
    }

    /**
     * What the client of the request being handled on this thread holds of {@code typeUrl} and was not sent since
     * (empty when nothing), and forgets which request that was.
     */
    Map<String, String> ofCurrentRequest(String typeUrl) {
        Long streamId = CURRENT_STREAM.get();
        CURRENT_STREAM.remove();
        Map<String, String> ofType = streamId == null ? null : ofType(streamId, typeUrl);
        return ofType == null ? Map.of() : new HashMap<>(ofType);
    }

    private Map<String, String> ofType(long streamId, String typeUrl) {
        Map<String, Map<String, String>> ofStream = held.get(streamId);
        return ofStream == null ? null : ofStream.get(typeUrl);
    }
}
