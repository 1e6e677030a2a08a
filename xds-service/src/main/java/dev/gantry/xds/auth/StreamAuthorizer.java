package dev.gantry.xds.auth;

import dev.gantry.xds.auth.AuthDenials.Reason;
import dev.gantry.xds.snapshot.GroupKey;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.exception.RequestException;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hook where a node meets its Gateway. java-control-plane runs request callbacks before it looks anything up
 * for the request, and ends the stream with the status of a {@link RequestException} thrown here, so a refused
 * request gets nothing. This callback must run first ({@code @Order} highest): the others react to the node
 * (proxyless subscriptions change the Gateway's snapshot) and must never see an unauthorized one.
 *
 * <p>Per stream: the first node fixes the stream's Gateway and view for good (a later request naming another one
 * ends the stream, whoever the caller is); the identity must be entitled to that Gateway; the stream's resource
 * names are counted against the cap. The state goes when the stream ends.
 */
public class StreamAuthorizer implements DiscoveryServerCallbacks {

    private final AuthMode mode;
    private final int maxResourceNames;
    private final long maxResourceNameChars;
    private final AuthDenials denials;
    private final ListedServiceAccounts listed;
    private final Map<Long, StreamState> streams = new ConcurrentHashMap<>();

    private static final class StreamState {
        GroupKey group;
        final ResourceNameBudget names;

        StreamState(int maxNames, long maxChars) {
            this.names = new ResourceNameBudget(maxNames, maxChars);
        }
    }

    public StreamAuthorizer(AuthMode mode, int maxResourceNames, long maxResourceNameChars, AuthDenials denials,
            ListedServiceAccounts listed) {
        this.mode = mode;
        this.maxResourceNames = maxResourceNames;
        this.maxResourceNameChars = maxResourceNameChars;
        this.denials = denials;
        this.listed = listed;
    }

    @Override
    public void onV3StreamRequest(long streamId, DiscoveryRequest request) throws RequestException {
        StreamState state = state(streamId);
        synchronized (state) {
            XdsIdentity identity = authorize(state, request.hasNode() ? request.getNode() : null);
            if (!state.names.replace(request.getTypeUrl(), request.getResourceNamesList())) {
                throw tooManyNames(identity, state);
            }
        }
    }

    @Override
    public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) throws RequestException {
        StreamState state = state(streamId);
        synchronized (state) {
            XdsIdentity identity = authorize(state, request.hasNode() ? request.getNode() : null);
            if (request.getInitialResourceVersionsCount() > maxResourceNames
                    || initialNameChars(request) > maxResourceNameChars
                    || !state.names.change(request.getTypeUrl(), request.getResourceNamesSubscribeList(),
                            request.getResourceNamesUnsubscribeList())) {
                throw tooManyNames(identity, state);
            }
        }
    }

    @Override
    public void onStreamClose(long streamId, String typeUrl) {
        streams.remove(streamId);
    }

    @Override
    public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
        streams.remove(streamId);
    }

    /** Streams with state held (for tests and the admin view: it must fall back to zero). */
    public int trackedStreams() {
        return streams.size();
    }

    /** Characters of resource names held over all streams (for tests: what hostile subscriptions cost). */
    public long trackedNameChars() {
        long sum = 0;
        for (StreamState state : streams.values()) {
            synchronized (state) {
                sum += state.names.chars();
            }
        }
        return sum;
    }

    private static long initialNameChars(DeltaDiscoveryRequest request) {
        long sum = 0;
        for (String name : request.getInitialResourceVersionsMap().keySet()) {
            sum += name.length();
        }
        return sum;
    }

    private StreamState state(long streamId) {
        return streams.computeIfAbsent(streamId, id -> new StreamState(maxResourceNames, maxResourceNameChars));
    }

    private XdsIdentity authorize(StreamState state, Node node) throws RequestException {
        XdsIdentity identity = CallerIdentity.current();
        if (identity == null) {
            if (mode != AuthMode.NONE) {
                // a call that did not pass XdsAuthInterceptor (should not happen): refuse rather than trust it
                throw denials.denyRequest(Reason.UNAUTHENTICATED, "unknown", "call was not authenticated");
            }
            identity = new XdsIdentity.Anonymous();
        }
        if (node == null || node.equals(Node.getDefaultInstance())) {
            if (state.group == null && mode != AuthMode.NONE) {
                throw denials.denyRequest(Reason.NO_NODE, identity.name(), "the first request must carry the node");
            }
            return identity;
        }
        GroupKey group = GroupKey.of(node);
        if (state.group != null && !state.group.equals(group)) {
            throw denials.denyRequest(Reason.GATEWAY_CHANGED, identity.name(), "node " + node.getId()
                    + " switched from " + state.group + " to " + group + " mid-stream");
        }
        if (state.group == null) {
            if (!GatewayEntitlement.allows(identity, node.getCluster(), listed)) {
                throw denials.denyRequest(Reason.GATEWAY_NOT_ENTITLED, identity.name(), "node " + node.getId()
                        + " asked for Gateway '" + node.getCluster() + "', which this identity may not read");
            }
            state.group = group;
        }
        return identity;
    }

    private RequestException tooManyNames(XdsIdentity identity, StreamState state) {
        return denials.denyRequest(Reason.TOO_MANY_NAMES, identity.name(), "stream for " + state.group
                + " subscribed to more than " + maxResourceNames + " resource names or " + maxResourceNameChars
                + " characters of them");
    }
}
