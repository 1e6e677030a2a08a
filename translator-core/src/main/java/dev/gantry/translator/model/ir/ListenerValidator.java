package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerTLSConfig;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SecretObjectReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates the listeners of one Gateway: protocol and TLS mode, certificateRefs, allowedRoutes kinds,
 * and conflicts between listeners sharing a port (Gateway API: listeners on one port must speak
 * compatible protocols and have distinct hostnames).
 */
final class ListenerValidator {

    private static final String PASSTHROUGH = "Passthrough";
    private static final String TERMINATE = "Terminate";

    private ListenerValidator() {
    }

    static List<ListenerState> validate(ResourceIndex index, Gateway gateway) {
        return validate(index, gateway, List.of());
    }

    /**
     * The Gateway's listeners, then those of the ListenerSets attached to it (in listener precedence order), each
     * validated; a ListenerSet listener that conflicts with one of higher precedence is marked conflicted.
     */
    static List<ListenerState> validate(ResourceIndex index, Gateway gateway, List<ListenerSets.Entry> listenerSets) {
        List<ListenerState> states = new ArrayList<>();
        if (gateway.getSpec() != null && gateway.getSpec().getListeners() != null) {
            for (Listener listener : gateway.getSpec().getListeners()) {
                if (listener != null) {
                    states.add(validate(index, gateway, listener, null, gateway.getMetadata().getNamespace()));
                }
            }
        }
        for (ListenerSets.Entry listenerSet : listenerSets) {
            for (Listener listener : listenerSet.listeners()) {
                if (listener != null) {
                    states.add(validate(index, gateway, listener, listenerSet.key(), listenerSet.namespace()));
                }
            }
        }
        findConflicts(states);
        return states;
    }

    private static ListenerState validate(ResourceIndex index, Gateway gateway, Listener listener, String owner,
            String ownerNamespace) {
        String protocolName = listener.getProtocol() == null ? "" : listener.getProtocol();
        ListenerProtocol protocol = protocolOf(protocolName);
        int port = listener.getPort() == null ? 0 : listener.getPort();
        String hostname = listener.getHostname() == null || listener.getHostname().isBlank()
                ? null : listener.getHostname().trim().toLowerCase(Locale.ROOT);
        ListenerState state = new ListenerState(listener.getName(), port, protocol, hostname, listener.getAllowedRoutes(),
                owner, ownerNamespace);
        if (port < 1 || port > 65535) {
            state.notAccepted(Conditions.REASON_PORT_UNAVAILABLE, "port " + listener.getPort() + " is not a valid port");
        }
        if (protocol == null) {
            state.notAccepted(Conditions.REASON_UNSUPPORTED_PROTOCOL,
                    "protocol " + protocolName + " is not supported (HTTP, HTTPS, TLS, TCP are)");
            return state;
        }
        checkNamespaceSelector(listener, state);
        checkTls(index, gateway, listener.getTls(), state);
        checkKinds(listener, state);
        return state;
    }

    /**
     * A listener whose {@code allowedRoutes.namespaces} says {@code from: Selector} with no selector, or with one
     * Kubernetes would not accept, cannot tell which routes it admits: it is not accepted (so not programmed),
     * rather than silently admitting none, as Envoy Gateway does.
     */
    private static void checkNamespaceSelector(Listener listener, ListenerState state) {
        var namespaces = listener.getAllowedRoutes() == null ? null : listener.getAllowedRoutes().getNamespaces();
        if (namespaces == null || !"Selector".equals(namespaces.getFrom())) {
            return;
        }
        if (namespaces.getSelector() == null) {
            state.notAccepted(Conditions.REASON_INVALID,
                    "allowedRoutes.namespaces.selector is required when allowedRoutes.namespaces.from is Selector");
            return;
        }
        LabelSelectors.problem(namespaces.getSelector()).ifPresent(problem -> state.notAccepted(Conditions.REASON_INVALID,
                "allowedRoutes.namespaces.selector is not a valid label selector: " + problem));
    }

    private static ListenerProtocol protocolOf(String protocol) {
        for (ListenerProtocol candidate : ListenerProtocol.values()) {
            if (candidate.name().equals(protocol)) {
                return candidate;
            }
        }
        return null;
    }

    private static void checkTls(ResourceIndex index, Gateway gateway, ListenerTLSConfig tls, ListenerState state) {
        String mode = tls == null || tls.getMode() == null ? TERMINATE : tls.getMode();
        switch (state.protocol) {
            case HTTPS -> {
                if (!TERMINATE.equals(mode)) {
                    state.notAccepted(Conditions.REASON_UNSUPPORTED_PROTOCOL, "HTTPS listeners terminate TLS; mode " + mode
                            + " is not supported");
                    return;
                }
                terminate(index, gateway, tls, state);
            }
            case TLS -> {
                if (TERMINATE.equals(mode)) {
                    terminate(index, gateway, tls, state);
                } else if (!PASSTHROUGH.equals(mode)) {
                    state.notAccepted(Conditions.REASON_UNSUPPORTED_PROTOCOL,
                            "TLS listeners support modes Passthrough and Terminate, not " + mode);
                }
            }
            default -> {
                // HTTP and TCP carry no TLS settings.
            }
        }
    }

    /** A listener that terminates TLS: its certificates, and the client certificate validation of its port. */
    private static void terminate(ResourceIndex index, Gateway gateway, ListenerTLSConfig tls, ListenerState state) {
        state.terminatesTls = true;
        List<SecretObjectReference> refs = tls == null || tls.getCertificateRefs() == null ? List.of()
                : tls.getCertificateRefs().stream().filter(Objects::nonNull).toList();
        if (refs.isEmpty()) {
            state.unresolved(Conditions.REASON_INVALID_CERTIFICATE_REF,
                    "a " + state.protocol + " listener that terminates TLS needs certificateRefs");
        }
        for (SecretObjectReference ref : refs) {
            // a ListenerSet's certificateRefs are its own: from its namespace, granted to kind ListenerSet
            Certificates.Resolution resolution = state.owner == null
                    ? Certificates.resolve(index, gateway.getMetadata().getNamespace(), ref)
                    : Certificates.resolve(index, ListenerSets.KIND, state.ownerNamespace, ref);
            if (resolution.resolved()) {
                state.certificates.add(resolution.certificate());
            } else {
                state.unresolved(resolution.reason(), resolution.message());
            }
        }
        FrontendValidation.apply(index, gateway, state);
    }

    private static void checkKinds(Listener listener, ListenerState state) {
        List<RouteKind> supported = RouteKind.supportedBy(state.protocol);
        List<RouteGroupKind> requested = listener.getAllowedRoutes() == null || listener.getAllowedRoutes().getKinds() == null
                ? List.of() : listener.getAllowedRoutes().getKinds().stream().filter(Objects::nonNull).toList();
        if (requested.isEmpty()) {
            state.supportedKinds.addAll(supported);
            return;
        }
        Set<RouteKind> kept = new TreeSet<>();
        List<String> invalid = new ArrayList<>();
        for (RouteGroupKind kind : requested) {
            String group = kind.getGroup() == null ? KubernetesGroups.GATEWAY_API : kind.getGroup();
            RouteKind match = supported.stream()
                    .filter(candidate -> KubernetesGroups.GATEWAY_API.equals(group) && candidate.kind.equals(kind.getKind()))
                    .findFirst().orElse(null);
            if (match == null) {
                invalid.add(group + "/" + kind.getKind());
            } else {
                kept.add(match);
            }
        }
        state.supportedKinds.addAll(kept);
        if (!invalid.isEmpty()) {
            state.unresolved(Conditions.REASON_INVALID_ROUTE_KINDS, "route kinds " + String.join(", ", invalid)
                    + " are not supported on a " + state.protocol + " listener");
        }
    }

    /**
     * Listeners on one port conflict when their protocols cannot share a socket (HTTP; HTTPS and TLS,
     * which both route on SNI; TCP) or when two of them claim the same hostname (every TCP listener
     * claims all). Among the Gateway's own listeners every one involved is marked, none wins: which one was
     * meant is not ours to guess. A ListenerSet's listener yields to the Gateway's and to those before it
     * (listener precedence), and only it is marked.
     */
    private static void findConflicts(List<ListenerState> states) {
        Map<Integer, List<ListenerState>> byPort = new LinkedHashMap<>();
        List<ListenerState> fromListenerSets = new ArrayList<>();
        for (ListenerState state : states) {
            if (state.protocol != null && state.notAcceptedReason == null) {
                if (state.owner == null) {
                    byPort.computeIfAbsent(state.port, port -> new ArrayList<>()).add(state);
                } else {
                    fromListenerSets.add(state);
                }
            }
        }
        for (List<ListenerState> onPort : byPort.values()) {
            Set<String> families = new TreeSet<>();
            onPort.forEach(state -> families.add(family(state.protocol)));
            if (families.size() > 1) {
                onPort.forEach(state -> state.conflicted(Conditions.REASON_PROTOCOL_CONFLICT,
                        "port " + state.port + " is shared by listeners of incompatible protocols " + families));
                continue;
            }
            Map<String, Integer> claims = new HashMap<>();
            onPort.forEach(state -> claims.merge(claimOf(state), 1, Integer::sum));
            for (ListenerState state : onPort) {
                if (claims.get(claimOf(state)) > 1) {
                    state.conflicted(Conditions.REASON_HOSTNAME_CONFLICT, "another listener on port " + state.port
                            + " has the same hostname " + (state.hostname == null ? "(none)" : state.hostname));
                }
            }
        }
        for (ListenerState state : fromListenerSets) {
            List<ListenerState> before = byPort.computeIfAbsent(state.port, port -> new ArrayList<>());
            ListenerState protocolClash = before.stream()
                    .filter(other -> !family(other.protocol).equals(family(state.protocol))).findFirst().orElse(null);
            ListenerState hostnameClash = before.stream()
                    .filter(other -> claimOf(other).equals(claimOf(state))).findFirst().orElse(null);
            if (protocolClash != null) {
                state.conflicted(Conditions.REASON_PROTOCOL_CONFLICT, "port " + state.port + " is taken by "
                        + describe(protocolClash) + " of protocol " + protocolClash.protocol + ", which has precedence");
            } else if (hostnameClash != null) {
                state.conflicted(Conditions.REASON_HOSTNAME_CONFLICT, "hostname "
                        + (state.hostname == null ? "(none)" : state.hostname) + " on port " + state.port
                        + " is taken by " + describe(hostnameClash) + ", which has precedence");
            } else {
                before.add(state);
            }
        }
    }

    private static String describe(ListenerState listener) {
        return (listener.owner == null ? "Gateway listener " : "listener of ListenerSet " + listener.owner + " ")
                + listener.name;
    }

    private static String family(ListenerProtocol protocol) {
        return switch (protocol) {
            case HTTP -> "HTTP";
            case HTTPS, TLS -> "HTTPS/TLS";
            case TCP -> "TCP";
        };
    }

    private static String claimOf(ListenerState state) {
        return state.protocol == ListenerProtocol.TCP || state.hostname == null ? "" : state.hostname;
    }
}
