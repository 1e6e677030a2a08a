package dev.gantry.xds.server;

import dev.gantry.xds.snapshot.NodeView;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Watches every xDS stream: counts ACKs and NACKs (a NACK is logged with the client's error, the best clue to
 * why a resource was refused), tracks connected streams, and follows the listener names proxyless clients ask
 * for so their Gateway's snapshot can answer every one of them.
 */
@Component
public class XdsStreamCallbacks implements DiscoveryServerCallbacks {

    private static final Logger log = LoggerFactory.getLogger(XdsStreamCallbacks.class);

    private final ConnectedStreams streams;
    private final ProxylessSubscriptions subscriptions;
    private final GatewaySnapshotRegistry registry;
    private final MeterRegistry meters;

    public XdsStreamCallbacks(ConnectedStreams streams, ProxylessSubscriptions subscriptions,
                              GatewaySnapshotRegistry registry, MeterRegistry meters) {
        this.streams = streams;
        this.subscriptions = subscriptions;
        this.registry = registry;
        this.meters = meters;
        Gauge.builder("gantry.xds.streams", streams, ConnectedStreams::count)
                .description("Open xDS streams")
                .register(meters);
    }

    @Override
    public void onStreamOpen(long streamId, String typeUrl) {
        streams.opened(streamId, typeUrl);
    }

    @Override
    public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
        Node node = streams.node(streamId, request.hasNode() ? request.getNode() : null, false);
        String typeUrl = streams.typeUrl(streamId, request.getTypeUrl());
        if (request.hasErrorDetail()) {
            nack(streamId, node, typeUrl, request.getVersionInfo(), request.getErrorDetail().getMessage());
        } else if (!request.getResponseNonce().isEmpty()) {
            ack(streamId, typeUrl, request.getVersionInfo());
        }
        if (isProxylessListenerRequest(node, typeUrl)
                && subscriptions.replace(streamId, node.getCluster(), request.getResourceNamesList())) {
            registry.requestedListenersChanged(node.getCluster());
        }
    }

    @Override
    public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
        Node node = streams.node(streamId, request.hasNode() ? request.getNode() : null, true);
        String typeUrl = streams.typeUrl(streamId, request.getTypeUrl());
        if (request.hasErrorDetail()) {
            nack(streamId, node, typeUrl, "", request.getErrorDetail().getMessage());
        } else if (!request.getResponseNonce().isEmpty()) {
            ack(streamId, typeUrl, "nonce " + request.getResponseNonce());
        }
        if (isProxylessListenerRequest(node, typeUrl)
                && subscriptions.change(streamId, node.getCluster(), request.getResourceNamesSubscribeList(),
                        request.getResourceNamesUnsubscribeList())) {
            registry.requestedListenersChanged(node.getCluster());
        }
    }

    @Override
    public void onStreamClose(long streamId, String typeUrl) {
        closed(streamId);
    }

    @Override
    public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
        closed(streamId);
    }

    private void closed(long streamId) {
        streams.closed(streamId);
        String gateway = subscriptions.drop(streamId);
        if (gateway != null) {
            registry.requestedListenersChanged(gateway);
        }
    }

    private void nack(long streamId, Node node, String typeUrl, String version, String error) {
        log.warn("NACK from node {} (cluster {}) for {} version '{}': {}", node.getId(), node.getCluster(),
                typeUrl, version, error);
        streams.nacked(streamId);
        Counter.builder("gantry.xds.nacks").description("Responses a client rejected")
                .tag("type", shortType(typeUrl)).register(meters).increment();
    }

    private void ack(long streamId, String typeUrl, String version) {
        streams.acked(streamId, typeUrl, version);
        Counter.builder("gantry.xds.acks").description("Responses a client accepted")
                .tag("type", shortType(typeUrl)).register(meters).increment();
    }

    private static boolean isProxylessListenerRequest(Node node, String typeUrl) {
        return Resources.V3.LISTENER_TYPE_URL.equals(typeUrl) && !node.getCluster().isEmpty()
                && NodeView.of(node) == NodeView.PROXYLESS;
    }

    static String shortType(String typeUrl) {
        return typeUrl.isEmpty() ? "unknown" : typeUrl.substring(typeUrl.lastIndexOf('.') + 1);
    }
}
