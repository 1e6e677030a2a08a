package dev.gantry.xds.server;

import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.NodeGroup;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * java-control-plane's cache, with streams resumed from what the client says it holds, so that a client reconnecting
 * (to another replica, or to this one after a restart) is sent only what changed:
 * <ul>
 * <li>Delta ({@link HeldVersions}): a resource the client holds at the served version is not sent again, one it holds
 * at another version is, and one it holds that is no longer served is reported removed. What the stream itself
 * tracked from ACKs wins over what the client said at the start.</li>
 * <li>SotW: java-control-plane answers a new stream's first request naming resources (RDS, EDS) at once, whatever
 * version it carries. When that version is the served version of exactly those names (versions follow content and
 * the names asked for: {@code VersionedSnapshot}), the client holds them: the request is treated like one for names
 * already sent, and the watch waits for a change.</li>
 * </ul>
 */
public class ResumingCache extends SimpleCache<String> {

    private final NodeGroup<String> groups;
    private final HeldVersions held;

    public ResumingCache(NodeGroup<String> groups, HeldVersions held) {
        super(groups);
        this.groups = groups;
        this.held = held;
    }

    @Override
    public Watch createWatch(boolean ads, XdsRequest request, Set<String> knownResourceNames,
                             Consumer<Response> responseConsumer, boolean hasClusterChanged,
                             boolean allowDefaultEmptyEdsUpdate) {
        return super.createWatch(ads, request, resumedNames(request, knownResourceNames), responseConsumer,
                hasClusterChanged, allowDefaultEmptyEdsUpdate);
    }

    /** The names a SotW client holds: those it was sent on this stream, or those it names at their current version. */
    private Set<String> resumedNames(XdsRequest request, Set<String> sentOnStream) {
        if (!sentOnStream.isEmpty() || !request.getResponseNonce().isEmpty() || request.getVersionInfo().isEmpty()
                || request.getResourceNamesList().isEmpty() || request.getResourceType() == null) {
            return sentOnStream;
        }
        Snapshot snapshot = getSnapshot(groups.hash(request.v3Request().getNode()));
        if (snapshot == null) {
            return sentOnStream;
        }
        String current = snapshot.version(request.getResourceType(), request.getResourceNamesList());
        return current.equals(request.getVersionInfo()) ? Set.copyOf(request.getResourceNamesList()) : sentOnStream;
    }

    @Override
    public DeltaWatch createDeltaWatch(DeltaXdsRequest request, String requesterVersion,
                                       Map<String, String> resourceVersions, Set<String> pendingResources,
                                       boolean isWildcard, Consumer<DeltaResponse> responseConsumer,
                                       boolean hasClusterChanged) {
        Map<String, String> clientHolds = held.ofCurrentRequest(request.getTypeUrl());
        if (clientHolds.isEmpty()) {
            return super.createDeltaWatch(request, requesterVersion, resourceVersions, pendingResources, isWildcard,
                    responseConsumer, hasClusterChanged);
        }
        Map<String, String> tracked = new HashMap<>(clientHolds);
        tracked.putAll(resourceVersions);
        // A pending name is sent whatever its version; a held one is compared with the version held instead.
        Set<String> pending = new HashSet<>(pendingResources);
        pending.removeAll(clientHolds.keySet());
        return super.createDeltaWatch(request, requesterVersion, tracked, pending, isWildcard, responseConsumer,
                hasClusterChanged);
    }
}
