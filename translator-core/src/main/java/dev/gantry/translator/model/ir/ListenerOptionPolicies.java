package dev.gantry.translator.model.ir;

import dev.gantry.model.options.HttpListenerOption;
import dev.gantry.model.options.HttpListenerOptions;
import dev.gantry.model.options.ListenerOption;
import dev.gantry.model.options.ListenerOptions;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.features.FeatureSet;
import dev.gantry.translator.features.ListenerPolicyReader;
import dev.gantry.translator.model.ResourceIndex;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import java.util.ArrayList;
import java.util.List;

/**
 * HttpListenerOptions (connection manager settings, access to HTTP filters) and ListenerOptions (socket settings,
 * access logs) attached by {@code targetRefs} to a Gateway of their namespace, optionally one listener
 * ({@code sectionName}). Several of a kind on one listener merge per top-level field, the oldest winning
 * ({@link GatewayPolicyTargets}, {@link ShallowMerge}); the merge is read by the features
 * ({@link ListenerPolicyReader}), whose records are attached to the listener for stage two. A policy with a field
 * that cannot be applied applies nowhere; its status names the field. Read at the Gateway's level of each
 * translation ({@link ResourceIndex#httpListenerOptions(String)}, {@link ResourceIndex#listenerOptions(String)}:
 * recorded reads of the namespace).
 */
final class ListenerOptionPolicies {

    static final String HTTP_KIND = "HttpListenerOption";
    static final String SOCKET_KIND = "ListenerOption";

    private static final GatewayPolicyTargets<HttpListenerOption> HTTP = new GatewayPolicyTargets<>(HTTP_KIND,
            option -> option.getSpec() == null ? null : option.getSpec().targetRefs(),
            ListenerOptionPolicies::options,
            (index, namespace, option) -> ListenerPolicyReader.read(FeatureSet.builtIns(), namespace, options(option), null)
                    .problem());
    private static final GatewayPolicyTargets<ListenerOption> SOCKET = new GatewayPolicyTargets<>(SOCKET_KIND,
            option -> option.getSpec() == null ? null : option.getSpec().targetRefs(),
            ListenerOptionPolicies::options,
            (index, namespace, option) -> ListenerPolicyReader.read(FeatureSet.builtIns(), namespace, null, options(option))
                    .problem());

    private ListenerOptionPolicies() {
    }

    /** The Gateway's model with the records of the listener policies that apply to each listener. */
    static GatewayIr apply(ResourceIndex index, Gateway gateway, GatewayIr model) {
        String namespace = gateway.getMetadata().getNamespace();
        String name = gateway.getMetadata().getName();
        List<HttpListenerOption> http = HTTP.targeting(index, index.httpListenerOptions(namespace), gateway);
        List<ListenerOption> socket = SOCKET.targeting(index, index.listenerOptions(namespace), gateway);
        if (http.isEmpty() && socket.isEmpty()) {
            return model;
        }
        List<ListenerIr> listeners = new ArrayList<>();
        for (ListenerIr listener : model.listeners()) {
            HttpListenerOptions httpMerged = null;
            for (HttpListenerOption option : http) {
                if (HTTP.appliesTo(option, namespace, name, listener.name())) {
                    httpMerged = ShallowMerge.merge(httpMerged, options(option));
                }
            }
            ListenerOptions socketMerged = null;
            for (ListenerOption option : socket) {
                if (SOCKET.appliesTo(option, namespace, name, listener.name())) {
                    socketMerged = ShallowMerge.merge(socketMerged, options(option));
                }
            }
            if (httpMerged == null && socketMerged == null) {
                listeners.add(listener);
                continue;
            }
            ListenerPolicyReader.Result read = ListenerPolicyReader.read(FeatureSet.builtIns(), namespace, httpMerged,
                    socketMerged);
            // each policy alone was valid; a merge of valid policies' whole fields is too
            listeners.add(read.policies().isEmpty() ? listener : new ListenerIr(listener.name(), listener.port(),
                    listener.protocol(), listener.hostname(), listener.terminatesTls(), listener.certificateNames(),
                    listener.clientValidation(), listener.httpRoutes(), listener.streamRoutes(),
                    listener.policies().withAll(read.policies())));
        }
        return new GatewayIr(model.namespace(), model.name(), listeners, model.backends(), model.certificates());
    }

    /** The status of every HttpListenerOption and ListenerOption (see {@link GatewayPolicyTargets}). */
    static List<ResourceStatus> statuses(ResourceIndex index) {
        List<ResourceStatus> statuses = new ArrayList<>(HTTP.statuses(index, index.httpListenerOptions(),
                index::httpListenerOptions));
        statuses.addAll(SOCKET.statuses(index, index.listenerOptions(), index::listenerOptions));
        return statuses;
    }

    private static HttpListenerOptions options(HttpListenerOption option) {
        return option.getSpec() == null ? null : option.getSpec().options();
    }

    private static ListenerOptions options(ListenerOption option) {
        return option.getSpec() == null ? null : option.getSpec().options();
    }
}
