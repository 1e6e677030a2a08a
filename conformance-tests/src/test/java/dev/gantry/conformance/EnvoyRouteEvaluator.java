package dev.gantry.conformance;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.gantry.conformance.HttpOutcome.BackendCall;
import dev.gantry.conformance.HttpOutcome.ConnectionRefused;
import dev.gantry.conformance.HttpOutcome.DirectResponse;
import dev.gantry.conformance.HttpOutcome.Forward;
import dev.gantry.conformance.HttpOutcome.Mirror;
import dev.gantry.conformance.HttpOutcome.NoRoute;
import dev.gantry.conformance.HttpOutcome.Redirect;
import dev.gantry.conformance.HttpOutcome.Retry;
import dev.gantry.conformance.HttpOutcome.ServiceRef;
import dev.gantry.translator.envoy.EnvoyResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Decides what Envoy would do with a request, given the resources the translator produced for one
 * Gateway. It follows Envoy's documented behaviour: listener by port, filter chain by SNI, virtual host
 * by domain (exact, longest suffix wildcard, longest prefix wildcard, {@code *}), the first route whose
 * match holds, then the route's action and header mutations. Configuration Envoy would reject (duplicate
 * domains, unmodifiable headers, unknown RDS names) throws {@link InvalidEnvoyConfigException}.
 */
public final class EnvoyRouteEvaluator {

    private static final String HCM_TYPE = "type.googleapis.com/" + HttpConnectionManager.getDescriptor().getFullName();
    private static final String TCP_PROXY_TYPE = "type.googleapis.com/" + TcpProxy.getDescriptor().getFullName();
    private static final String GRPC_CONTENT_TYPE = "application/grpc";

    private final EnvoyResources resources;

    public EnvoyRouteEvaluator(EnvoyResources resources) {
        this.resources = resources;
    }

    /** Envoy would NACK the configuration that leads to this request. */
    public static final class InvalidEnvoyConfigException extends RuntimeException {
        InvalidEnvoyConfigException(String message) {
            super(message);
        }
    }

    // ------------------------------------------------------------------ HTTP

    public HttpOutcome evaluate(HttpRequest request) {
        Optional<Listener> listener = listenerOn(request.port());
        if (listener.isEmpty()) {
            return new ConnectionRefused("no listener on port " + request.port());
        }
        Optional<FilterChain> chain = chooseFilterChain(listener.get(), request.sni(), "https".equals(request.scheme()));
        if (chain.isEmpty()) {
            return new ConnectionRefused("no filter chain of " + listener.get().getName() + " accepts SNI " + request.sni());
        }
        boolean terminatesTls = chain.get().hasTransportSocket();
        if (terminatesTls != "https".equals(request.scheme())) {
            return new ConnectionRefused("filter chain " + chain.get().getName() + (terminatesTls
                    ? " expects TLS, the request is plain text" : " is plain text, the request is TLS"));
        }
        Optional<HttpConnectionManager> hcm = networkFilter(chain.get(), HCM_TYPE, HttpConnectionManager.class);
        if (hcm.isEmpty()) {
            return new ConnectionRefused("filter chain " + chain.get().getName() + " has no HTTP connection manager");
        }
        RouteConfiguration routes = routeConfigurationOf(hcm.get());
        // strip_*_host_port rewrite the Host header itself (upstreams see it stripped);
        // ignore_port_in_host_matching only ignores the port while choosing the virtual host.
        String host = hostAfterHcm(hcm.get(), request.host(), request.port());
        String matchingHost = routes.getIgnorePortInHostMatching() ? withoutPort(host) : host;
        return route(routes, request, host, matchingHost);
    }

    HttpOutcome route(RouteConfiguration configuration, HttpRequest request, String host, String matchingHost) {
        Optional<VirtualHost> virtualHost = selectVirtualHost(configuration, matchingHost);
        if (virtualHost.isEmpty()) {
            return new NoRoute("no virtual host of " + configuration.getName() + " serves " + host);
        }
        for (Route route : virtualHost.get().getRoutesList()) {
            if (matches(route.getMatch(), request)) {
                return act(configuration, virtualHost.get(), route, request, host);
            }
        }
        return new NoRoute("no route of virtual host " + virtualHost.get().getName() + " matches "
                + request.method() + " " + request.path());
    }

    /** Envoy's {@code RouteMatcher::findVirtualHost}. */
    static Optional<VirtualHost> selectVirtualHost(RouteConfiguration configuration, String rawHost) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        Set<String> seen = new HashSet<>();
        VirtualHost exact = null;
        VirtualHost any = null;
        VirtualHost suffix = null;
        int suffixLength = -1;
        VirtualHost prefix = null;
        int prefixLength = -1;
        for (VirtualHost virtualHost : configuration.getVirtualHostsList()) {
            for (String rawDomain : virtualHost.getDomainsList()) {
                String domain = rawDomain.toLowerCase(Locale.ROOT);
                if (!seen.add(domain)) {
                    throw new InvalidEnvoyConfigException("RouteConfiguration " + configuration.getName()
                            + ": domain " + domain + " appears in more than one virtual host");
                }
                if (domain.equals("*")) {
                    any = virtualHost;
                } else if (domain.startsWith("*")) {
                    String tail = domain.substring(1);
                    // The wildcard stands for at least one character.
                    if (host.length() > tail.length() && host.endsWith(tail) && tail.length() > suffixLength) {
                        suffix = virtualHost;
                        suffixLength = tail.length();
                    }
                } else if (domain.endsWith("*")) {
                    String head = domain.substring(0, domain.length() - 1);
                    if (host.length() > head.length() && host.startsWith(head) && head.length() > prefixLength) {
                        prefix = virtualHost;
                        prefixLength = head.length();
                    }
                } else if (domain.equals(host)) {
                    exact = virtualHost;
                }
            }
        }
        if (exact != null) {
            return Optional.of(exact);
        }
        if (suffix != null) {
            return Optional.of(suffix);
        }
        if (prefix != null) {
            return Optional.of(prefix);
        }
        return Optional.ofNullable(any);
    }

    static boolean matches(RouteMatch match, HttpRequest request) {
        boolean caseSensitive = !match.hasCaseSensitive() || match.getCaseSensitive().getValue();
        String path = request.pathOnly();
        boolean pathMatches = switch (match.getPathSpecifierCase()) {
            // prefix looks at the whole :path, query included; path and safe_regex at the path without it.
            case PREFIX -> startsWith(request.path(), match.getPrefix(), caseSensitive);
            case PATH -> caseSensitive ? path.equals(match.getPath()) : path.equalsIgnoreCase(match.getPath());
            case SAFE_REGEX -> EnvoyMatchers.fullMatch(match.getSafeRegex().getRegex(), path);
            case PATH_SEPARATED_PREFIX -> {
                String prefix = match.getPathSeparatedPrefix();
                yield startsWith(path, prefix, caseSensitive)
                        && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
            }
            default -> throw new UnsupportedOperationException("path specifier " + match.getPathSpecifierCase());
        };
        if (!pathMatches) {
            return false;
        }
        for (HeaderMatcher header : match.getHeadersList()) {
            if (!EnvoyMatchers.matches(header, headerValue(request, header.getName()))) {
                return false;
            }
        }
        for (QueryParameterMatcher parameter : match.getQueryParametersList()) {
            if (!EnvoyMatchers.matches(parameter, request.query())) {
                return false;
            }
        }
        if (match.hasGrpc()) {
            String contentType = request.headers().joined("content-type").orElse("");
            return contentType.startsWith(GRPC_CONTENT_TYPE);
        }
        return true;
    }

    private static Optional<String> headerValue(HttpRequest request, String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case ":method" -> Optional.of(request.method());
            case ":path" -> Optional.of(request.path());
            case ":authority", "host" -> Optional.of(request.host());
            case ":scheme" -> Optional.of(request.scheme());
            default -> request.headers().joined(name);
        };
    }

    private static boolean startsWith(String value, String prefix, boolean caseSensitive) {
        return value.regionMatches(!caseSensitive, 0, prefix, 0, prefix.length());
    }

    private HttpOutcome act(RouteConfiguration configuration, VirtualHost virtualHost, Route route,
            HttpRequest request, String host) {
        return switch (route.getActionCase()) {
            case DIRECT_RESPONSE -> new DirectResponse(route.getName(), route.getDirectResponse().getStatus(),
                    route.getDirectResponse().getBody().getInlineString());
            case REDIRECT -> redirect(route, request, host);
            case ROUTE -> forward(configuration, virtualHost, route, request, host);
            default -> throw new UnsupportedOperationException("route action " + route.getActionCase());
        };
    }

    /** Envoy's {@code RouteEntryImplBase::newUri}. */
    private static Redirect redirect(Route route, HttpRequest request, String host) {
        RedirectAction redirect = route.getRedirect();
        String scheme = switch (redirect.getSchemeRewriteSpecifierCase()) {
            case HTTPS_REDIRECT -> redirect.getHttpsRedirect() ? "https" : request.scheme();
            case SCHEME_REDIRECT -> redirect.getSchemeRedirect();
            default -> request.scheme();
        };
        String port = redirect.getPortRedirect() == 0 ? "" : ":" + redirect.getPortRedirect();
        String finalHost = redirect.getHostRedirect().isEmpty()
                ? hostForRedirect(host, request.scheme(), scheme, !port.isEmpty())
                : redirect.getHostRedirect();
        String path = switch (redirect.getPathRewriteSpecifierCase()) {
            case PATH_REDIRECT -> redirect.getPathRedirect().contains("?") ? redirect.getPathRedirect()
                    : withQuery(redirect.getPathRedirect(), request.query());
            case PREFIX_REWRITE -> rewritePrefix(route.getMatch(), request.path(), redirect.getPrefixRewrite());
            case REGEX_REWRITE -> withQuery(EnvoyMatchers.regexReplaceAll(redirect.getRegexRewrite().getPattern().getRegex(),
                    redirect.getRegexRewrite().getSubstitution(), request.pathOnly()), request.query());
            default -> request.path();
        };
        if (redirect.getStripQuery()) {
            int query = path.indexOf('?');
            path = query < 0 ? path : path.substring(0, query);
        }
        int status = switch (redirect.getResponseCode()) {
            case MOVED_PERMANENTLY -> 301;
            case FOUND -> 302;
            case SEE_OTHER -> 303;
            case TEMPORARY_REDIRECT -> 307;
            case PERMANENT_REDIRECT -> 308;
            default -> throw new UnsupportedOperationException("redirect code " + redirect.getResponseCode());
        };
        return new Redirect(route.getName(), status, scheme + "://" + finalHost + port + path);
    }

    /** Envoy's {@code processRequestHost}: drop the request's port when a new one is set or when it was the old scheme's default. */
    private static String hostForRedirect(String host, String oldScheme, String newScheme, boolean newPort) {
        int colon = host.lastIndexOf(':');
        if (colon < 0 || host.endsWith("]")) {
            return host;
        }
        String requestPort = host.substring(colon);
        boolean remove = newPort;
        if (!newScheme.equals(oldScheme)) {
            remove |= "https".equals(oldScheme) && requestPort.equals(":443");
            remove |= "http".equals(oldScheme) && requestPort.equals(":80");
        }
        return remove ? host.substring(0, colon) : host;
    }

    private HttpOutcome forward(RouteConfiguration configuration, VirtualHost virtualHost, Route route,
            HttpRequest request, String host) {
        RouteAction action = route.getRoute();
        String path = rewrittenPath(route.getMatch(), action, request);
        String upstreamHost = action.getHostRewriteSpecifierCase() == RouteAction.HostRewriteSpecifierCase.HOST_REWRITE_LITERAL
                ? action.getHostRewriteLiteral() : host;
        boolean routeFirst = !configuration.getMostSpecificHeaderMutationsWins();
        List<List<HeaderValueOption>> requestAdds = ordered(routeFirst, route.getRequestHeadersToAddList(),
                virtualHost.getRequestHeadersToAddList(), configuration.getRequestHeadersToAddList());
        List<List<String>> requestRemoves = ordered(routeFirst, route.getRequestHeadersToRemoveList(),
                virtualHost.getRequestHeadersToRemoveList(), configuration.getRequestHeadersToRemoveList());
        List<List<HeaderValueOption>> responseAdds = ordered(routeFirst, route.getResponseHeadersToAddList(),
                virtualHost.getResponseHeadersToAddList(), configuration.getResponseHeadersToAddList());
        List<List<String>> responseRemoves = ordered(routeFirst, route.getResponseHeadersToRemoveList(),
                virtualHost.getResponseHeadersToRemoveList(), configuration.getResponseHeadersToRemoveList());

        List<BackendCall> calls = new ArrayList<>();
        switch (action.getClusterSpecifierCase()) {
            case CLUSTER -> calls.add(call(action.getCluster(), 1, upstreamHost, path, request,
                    List.of(), List.of(), requestAdds, requestRemoves, List.of(), List.of(), responseAdds, responseRemoves));
            case WEIGHTED_CLUSTERS -> {
                for (WeightedCluster.ClusterWeight weight : action.getWeightedClusters().getClustersList()) {
                    String clusterHost = weight.getHostRewriteLiteral().isEmpty() ? upstreamHost : weight.getHostRewriteLiteral();
                    calls.add(call(weight.getName(), weight.hasWeight() ? weight.getWeight().getValue() : 0,
                            clusterHost, path, request,
                            weight.getRequestHeadersToAddList(), weight.getRequestHeadersToRemoveList(),
                            requestAdds, requestRemoves,
                            weight.getResponseHeadersToAddList(), weight.getResponseHeadersToRemoveList(),
                            responseAdds, responseRemoves));
                }
            }
            default -> throw new UnsupportedOperationException("cluster specifier " + action.getClusterSpecifierCase());
        }
        List<Mirror> mirrors = action.getRequestMirrorPoliciesList().stream()
                .map(policy -> new Mirror(policy.getCluster(), ClusterNames.service(policy.getCluster()),
                        policy.hasRuntimeFraction() ? percent(policy.getRuntimeFraction().getDefaultValue()) : 100.0))
                .toList();
        Optional<Duration> timeout = action.hasTimeout()
                ? Optional.of(Duration.ofSeconds(action.getTimeout().getSeconds(), action.getTimeout().getNanos()))
                : Optional.empty();
        Optional<Retry> retry = action.hasRetryPolicy() ? Optional.of(new Retry(
                action.getRetryPolicy().hasNumRetries() ? action.getRetryPolicy().getNumRetries().getValue() : 1,
                action.getRetryPolicy().getRetryOn(),
                action.getRetryPolicy().hasPerTryTimeout() ? Optional.of(Duration.ofSeconds(
                        action.getRetryPolicy().getPerTryTimeout().getSeconds(),
                        action.getRetryPolicy().getPerTryTimeout().getNanos())) : Optional.empty(),
                action.getRetryPolicy().getRetriableStatusCodesList())) : Optional.empty();
        return new Forward(route.getName(), calls, mirrors, timeout, retry);
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private BackendCall call(String cluster, long weight, String host, String path, HttpRequest request,
            List<HeaderValueOption> clusterAdds, List<String> clusterRemoves,
            List<List<HeaderValueOption>> requestAdds, List<List<String>> requestRemoves,
            List<HeaderValueOption> clusterResponseAdds, List<String> clusterResponseRemoves,
            List<List<HeaderValueOption>> responseAdds, List<List<String>> responseRemoves) {
        // The weighted cluster's own mutations run first, then route, virtual host, configuration
        // (or the reverse of the last three with most_specific_header_mutations_wins).
        Headers headers = mutate(request.headers(), clusterRemoves, clusterAdds);
        for (int level = 0; level < requestAdds.size(); level++) {
            headers = mutate(headers, requestRemoves.get(level), requestAdds.get(level));
        }
        UnaryOperator<Headers> response = backendResponse -> {
            Headers result = mutate(backendResponse, clusterResponseRemoves, clusterResponseAdds);
            for (int level = 0; level < responseAdds.size(); level++) {
                result = mutate(result, responseRemoves.get(level), responseAdds.get(level));
            }
            return result;
        };
        return new BackendCall(cluster, weight, ClusterNames.service(cluster), problemOf(cluster), host, path,
                request.method(), headers, response);
    }

    /** Envoy's {@code HeaderParser::evaluateHeaders}: removals first, then additions in order. */
    static Headers mutate(Headers headers, List<String> removes, List<HeaderValueOption> adds) {
        Headers result = headers;
        for (String name : removes) {
            requireModifiable(name);
            result = result.remove(name);
        }
        for (HeaderValueOption option : adds) {
            String name = option.getHeader().getKey();
            String value = option.getHeader().getValue();
            requireModifiable(name);
            if (value.isEmpty() && !option.getKeepEmptyValue()) {
                continue;
            }
            HeaderValueOption.HeaderAppendAction action = option.hasAppend()
                    ? (option.getAppend().getValue() ? HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD
                            : HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
                    : option.getAppendAction();
            result = switch (action) {
                case APPEND_IF_EXISTS_OR_ADD -> result.append(name, value);
                case ADD_IF_ABSENT -> result.has(name) ? result : result.append(name, value);
                case OVERWRITE_IF_EXISTS_OR_ADD -> result.set(name, value);
                case OVERWRITE_IF_EXISTS -> result.has(name) ? result.set(name, value) : result;
                default -> throw new UnsupportedOperationException("append action " + action);
            };
        }
        return result;
    }

    private static void requireModifiable(String name) {
        if (name.isEmpty() || name.startsWith(":") || name.equalsIgnoreCase("host")) {
            throw new InvalidEnvoyConfigException("header " + name + " may not be modified by headers_to_add/remove");
        }
    }

    private static <T> List<List<T>> ordered(boolean routeFirst, List<T> route, List<T> virtualHost, List<T> configuration) {
        return routeFirst ? List.of(route, virtualHost, configuration) : List.of(configuration, virtualHost, route);
    }

    private static String rewrittenPath(RouteMatch match, RouteAction action, HttpRequest request) {
        if (!action.getPrefixRewrite().isEmpty()) {
            return rewritePrefix(match, request.path(), action.getPrefixRewrite());
        }
        if (action.hasRegexRewrite()) {
            return withQuery(EnvoyMatchers.regexReplaceAll(action.getRegexRewrite().getPattern().getRegex(),
                    action.getRegexRewrite().getSubstitution(), request.pathOnly()), request.query());
        }
        return request.path();
    }

    /** prefix_rewrite swaps the matched prefix (or whole path) for the replacement; Envoy rejects it on regex matches. */
    private static String rewritePrefix(RouteMatch match, String fullPath, String replacement) {
        String matched = switch (match.getPathSpecifierCase()) {
            case PREFIX -> match.getPrefix();
            case PATH -> match.getPath();
            case PATH_SEPARATED_PREFIX -> match.getPathSeparatedPrefix();
            default -> throw new InvalidEnvoyConfigException("prefix_rewrite with a " + match.getPathSpecifierCase() + " match");
        };
        return replacement + fullPath.substring(matched.length());
    }

    private static String withQuery(String path, String query) {
        return query.isEmpty() ? path : path + "?" + query;
    }

    private static double percent(FractionalPercent fraction) {
        double denominator = switch (fraction.getDenominator()) {
            case HUNDRED -> 100;
            case TEN_THOUSAND -> 10_000;
            case MILLION -> 1_000_000;
            default -> throw new UnsupportedOperationException("denominator " + fraction.getDenominator());
        };
        return fraction.getNumerator() * 100.0 / denominator;
    }

    // ------------------------------------------------------------------ TLS passthrough / TCP

    /**
     * Where a TCP connection (TLS passthrough, TLS terminated by Envoy, or plain TCP) is proxied.
     *
     * @param terminatesTls whether Envoy ends the TLS session (mode Terminate) rather than passing it through
     */
    public record StreamOutcome(Optional<String> refused, List<StreamBackend> backends, boolean terminatesTls) {
        StreamOutcome(Optional<String> refused, List<StreamBackend> backends) {
            this(refused, backends, false);
        }

        public List<StreamBackend> reachable() {
            return backends.stream().filter(backend -> backend.weight() > 0).toList();
        }
    }

    public record StreamBackend(String cluster, long weight, Optional<ServiceRef> service, Optional<String> problem) {
    }

    /** A TCP connection to the port, with this SNI when it opens TLS ({@code null} otherwise). */
    public StreamOutcome evaluateStream(int port, String sni) {
        Optional<Listener> listener = listenerOn(port);
        if (listener.isEmpty()) {
            return new StreamOutcome(Optional.of("no listener on port " + port), List.of());
        }
        Optional<FilterChain> chain = chooseFilterChain(listener.get(), sni, sni != null);
        if (chain.isEmpty()) {
            return new StreamOutcome(Optional.of("no filter chain accepts SNI " + sni), List.of());
        }
        Optional<TcpProxy> proxy = networkFilter(chain.get(), TCP_PROXY_TYPE, TcpProxy.class);
        if (proxy.isEmpty()) {
            return new StreamOutcome(Optional.of("filter chain " + chain.get().getName() + " is not a TCP proxy"), List.of());
        }
        List<StreamBackend> backends = new ArrayList<>();
        switch (proxy.get().getClusterSpecifierCase()) {
            case CLUSTER -> backends.add(streamBackend(proxy.get().getCluster(), 1));
            case WEIGHTED_CLUSTERS -> proxy.get().getWeightedClusters().getClustersList()
                    .forEach(weight -> backends.add(streamBackend(weight.getName(), weight.getWeight())));
            default -> throw new UnsupportedOperationException("tcp_proxy " + proxy.get().getClusterSpecifierCase());
        }
        return new StreamOutcome(Optional.empty(), backends, chain.get().hasTransportSocket());
    }

    // ------------------------------------------------------------------ TLS handshake (client certificates)

    /**
     * Whether Envoy completes the TLS handshake of a client connecting to the port with this SNI and
     * presenting a certificate issued by {@code clientIssuerPem} ({@code null}: no certificate). Envoy's rules
     * for a DownstreamTlsContext: without a validation context any client passes; with one, a certificate
     * must chain to {@code trusted_ca} unless {@code trust_chain_verification} is ACCEPT_UNTRUSTED, and a
     * client without one passes only when {@code require_client_certificate} is false. Chain building is
     * modelled by the issuer: a certificate verifies when its issuer's PEM is among the trusted ones.
     *
     * @return empty when the handshake succeeds, else why Envoy refuses it
     */
    public Optional<String> refusesClient(int port, String sni, String clientIssuerPem) {
        Optional<Listener> listener = listenerOn(port);
        if (listener.isEmpty()) {
            return Optional.of("no listener on port " + port);
        }
        Optional<FilterChain> chain = chooseFilterChain(listener.get(), sni, true);
        if (chain.isEmpty()) {
            return Optional.of("no filter chain accepts SNI " + sni);
        }
        if (!chain.get().hasTransportSocket()) {
            return Optional.of("filter chain " + chain.get().getName() + " does not terminate TLS");
        }
        DownstreamTlsContext tls;
        try {
            tls = chain.get().getTransportSocket().getTypedConfig().unpack(DownstreamTlsContext.class);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidEnvoyConfigException("transport socket of " + chain.get().getName() + ": " + e.getMessage());
        }
        if (!tls.getCommonTlsContext().hasValidationContext()) {
            return Optional.empty();
        }
        CertificateValidationContext validation = tls.getCommonTlsContext().getValidationContext();
        boolean required = tls.hasRequireClientCertificate() && tls.getRequireClientCertificate().getValue();
        if (clientIssuerPem == null) {
            return required ? Optional.of("a client certificate is required") : Optional.empty();
        }
        boolean acceptUntrusted = validation.getTrustChainVerification()
                == CertificateValidationContext.TrustChainVerification.ACCEPT_UNTRUSTED;
        boolean trusted = validation.getTrustedCa().getInlineString().contains(clientIssuerPem.trim());
        return trusted || acceptUntrusted ? Optional.empty()
                : Optional.of("the client certificate does not chain to the trusted CA");
    }

    private StreamBackend streamBackend(String cluster, long weight) {
        return new StreamBackend(cluster, weight, ClusterNames.service(cluster), problemOf(cluster));
    }

    // ------------------------------------------------------------------ shared

    private Optional<Listener> listenerOn(int port) {
        List<Listener> found = resources.listeners().stream()
                .filter(listener -> listener.getAddress().getSocketAddress().getPortValue() == port).toList();
        if (found.size() > 1) {
            throw new InvalidEnvoyConfigException("several listeners bind port " + port);
        }
        return found.stream().findFirst();
    }

    /**
     * Envoy's filter chain match, as far as the translator uses it: destination port, then server names
     * (exact before the longest wildcard before none), then transport protocol (a named one before none).
     */
    static Optional<FilterChain> chooseFilterChain(Listener listener, String sni, boolean tls) {
        String serverName = sni == null ? null : sni.toLowerCase(Locale.ROOT);
        FilterChain best = null;
        int bestScore = -1;
        for (FilterChain chain : listener.getFilterChainsList()) {
            var match = chain.getFilterChainMatch();
            if (match.hasDestinationPort() && match.getDestinationPort().getValue()
                    != listener.getAddress().getSocketAddress().getPortValue()) {
                continue;
            }
            int nameScore;
            if (match.getServerNamesCount() == 0) {
                nameScore = 0;
            } else if (serverName == null) {
                continue;
            } else {
                nameScore = serverNameScore(match.getServerNamesList(), serverName);
                if (nameScore < 0) {
                    continue;
                }
            }
            String transport = match.getTransportProtocol();
            int transportScore;
            if (transport.isEmpty()) {
                transportScore = 0;
            } else if (transport.equals(tls ? "tls" : "raw_buffer")) {
                transportScore = 1;
            } else {
                continue;
            }
            int score = nameScore * 2 + transportScore;
            if (score > bestScore) {
                best = chain;
                bestScore = score;
            } else if (score == bestScore) {
                throw new InvalidEnvoyConfigException("listener " + listener.getName()
                        + ": two filter chains have the same match");
            }
        }
        if (best == null && listener.hasDefaultFilterChain()) {
            return Optional.of(listener.getDefaultFilterChain());
        }
        return Optional.ofNullable(best);
    }

    /** 0 no match... as score: exact beats any wildcard, a longer wildcard beats a shorter one. */
    private static int serverNameScore(List<String> names, String serverName) {
        int best = -1;
        for (String raw : names) {
            String name = raw.toLowerCase(Locale.ROOT);
            if (name.equals(serverName)) {
                best = Math.max(best, 100_000);
            } else if (name.startsWith("*.") && serverName.endsWith(name.substring(1))
                    && serverName.length() > name.length() - 1) {
                best = Math.max(best, 1 + name.length());
            }
        }
        return best;
    }

    private static <T extends Message> Optional<T> networkFilter(FilterChain chain, String typeUrl, Class<T> type) {
        for (Filter filter : chain.getFiltersList()) {
            Any config = filter.getTypedConfig();
            if (config.getTypeUrl().equals(typeUrl)) {
                try {
                    return Optional.of(config.unpack(type));
                } catch (InvalidProtocolBufferException e) {
                    throw new InvalidEnvoyConfigException("filter " + filter.getName() + " does not parse: " + e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    private RouteConfiguration routeConfigurationOf(HttpConnectionManager hcm) {
        return switch (hcm.getRouteSpecifierCase()) {
            case ROUTE_CONFIG -> hcm.getRouteConfig();
            case RDS -> resources.routeConfigurations().stream()
                    .filter(configuration -> configuration.getName().equals(hcm.getRds().getRouteConfigName()))
                    .findFirst()
                    .orElseThrow(() -> new InvalidEnvoyConfigException(
                            "RDS names " + hcm.getRds().getRouteConfigName() + ", which the snapshot does not hold"));
            default -> throw new UnsupportedOperationException("route specifier " + hcm.getRouteSpecifierCase());
        };
    }

    private static String hostAfterHcm(HttpConnectionManager hcm, String host, int listenerPort) {
        if (hcm.getStripAnyHostPort()) {
            return withoutPort(host);
        }
        if (hcm.getStripMatchingHostPort() && host.endsWith(":" + listenerPort)) {
            return withoutPort(host);
        }
        return host;
    }

    private static String withoutPort(String host) {
        if (host.endsWith("]")) {
            return host;
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private Optional<String> problemOf(String clusterName) {
        Optional<Cluster> cluster = resources.clusters().stream()
                .filter(candidate -> candidate.getName().equals(clusterName)).findFirst();
        if (cluster.isEmpty()) {
            return Optional.of("cluster " + clusterName + " is not in the snapshot (Envoy answers 503)");
        }
        ClusterLoadAssignment assignment = cluster.get().hasLoadAssignment() ? cluster.get().getLoadAssignment()
                : resources.clusterLoadAssignments().stream()
                        .filter(candidate -> candidate.getClusterName().equals(clusterName)).findFirst().orElse(null);
        boolean hasEndpoints = assignment != null && assignment.getEndpointsList().stream()
                .anyMatch(locality -> locality.getLbEndpointsCount() > 0);
        return hasEndpoints ? Optional.empty()
                : Optional.of("cluster " + clusterName + " has no endpoints (Envoy answers 503)");
    }
}
