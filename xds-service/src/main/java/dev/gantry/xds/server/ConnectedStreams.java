package dev.gantry.xds.server;

import dev.gantry.xds.snapshot.GroupKey;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The open xDS streams, the node behind each and what it last acknowledged (for the admin view and gauge). */
@Component
public class ConnectedStreams {

    /** What the admin view shows of one stream. */
    public record StreamView(long streamId, String nodeId, String cluster, String group, String userAgent,
                             boolean delta, Map<String, String> ackedVersions, long nacks) {
    }

    private static final class StreamState {
        final String defaultTypeUrl;
        volatile boolean delta;
        volatile Node node;
        final Map<String, String> acked = new ConcurrentHashMap<>();
        volatile long nacks;

        StreamState(String defaultTypeUrl, boolean delta) {
            this.defaultTypeUrl = defaultTypeUrl;
            this.delta = delta;
        }
    }

    private final Map<Long, StreamState> streams = new ConcurrentHashMap<>();

    public void opened(long streamId, String defaultTypeUrl) {
        streams.putIfAbsent(streamId, new StreamState(defaultTypeUrl, false));
    }

    /**
     * Records the node of a request and returns it; a request without node (a client may send it on the first
     * request only) is attributed to the node seen earlier on the same stream.
     */
    public Node node(long streamId, Node fromRequest, boolean delta) {
        StreamState state = streams.computeIfAbsent(streamId, id -> new StreamState("", delta));
        if (delta) {
            state.delta = true;
        }
        if (fromRequest != null && !fromRequest.equals(Node.getDefaultInstance())) {
            state.node = fromRequest;
        }
        return state.node == null ? Node.getDefaultInstance() : state.node;
    }

    /** The node seen on a stream, or null before its first request named one. */
    public Node nodeOf(long streamId) {
        StreamState state = streams.get(streamId);
        return state == null ? null : state.node;
    }

    public String typeUrl(long streamId, String fromRequest) {
        if (!fromRequest.isEmpty()) {
            return fromRequest;
        }
        StreamState state = streams.get(streamId);
        return state == null ? "" : state.defaultTypeUrl;
    }

    public void acked(long streamId, String typeUrl, String version) {
        StreamState state = streams.get(streamId);
        if (state != null) {
            state.acked.put(typeUrl, version);
        }
    }

    public void nacked(long streamId) {
        StreamState state = streams.get(streamId);
        if (state != null) {
            state.nacks++;
        }
    }

    public void closed(long streamId) {
        streams.remove(streamId);
    }

    public int count() {
        return streams.size();
    }

    public List<StreamView> views() {
        return streams.entrySet().stream()
                .map(e -> {
                    StreamState s = e.getValue();
                    Node node = s.node == null ? Node.getDefaultInstance() : s.node;
                    return new StreamView(e.getKey(), node.getId(), node.getCluster(),
                            s.node == null ? "" : GroupKey.of(node).value(), node.getUserAgentName(), s.delta,
                            Map.copyOf(s.acked), s.nacks);
                })
                .sorted(Comparator.comparingLong(StreamView::streamId))
                .toList();
    }
}
