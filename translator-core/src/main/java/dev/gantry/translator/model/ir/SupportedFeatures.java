package dev.gantry.translator.model.ir;

import java.util.List;
import java.util.TreeSet;

/**
 * The Gateway API features Gantry's GatewayClass reports in {@code status.supportedFeatures} (GEP-2162), by
 * their exact names from the Gateway API's {@code pkg/features}. The conformance suite reads this list to
 * choose the tests it runs, so a name belongs here only once its tests pass (docs/conformance.md, "Feature
 * summary"); a feature not covered there (TCPRoute, UDPRoute, mesh) is left out.
 */
public final class SupportedFeatures {

    /** Sorted, without duplicates, as the status field must be. */
    public static final List<String> NAMES = List.copyOf(new TreeSet<>(List.of(
            // core
            "Gateway", "HTTPRoute", "GRPCRoute", "TLSRoute", "ReferenceGrant", "BackendTLSPolicy",
            // Gateway, extended
            "GatewayPort8080", "GatewayStaticAddresses", "GatewayHTTPListenerIsolation",
            "GatewayHTTPSListenerDetectMisdirectedRequests", "GatewayInfrastructurePropagation", "GatewayAddressEmpty",
            "GatewayBackendClientCertificate", "GatewayFrontendClientCertificateValidation",
            "GatewayFrontendClientCertificateValidationInsecureFallback", "GatewayListenerSet",
            // HTTPRoute, extended
            "HTTPRouteBackendRequestHeaderModification", "HTTPRouteQueryParamMatching", "HTTPRouteMethodMatching",
            "HTTPRouteResponseHeaderModification", "HTTPRoutePortRedirect", "HTTPRouteSchemeRedirect",
            "HTTPRoutePathRedirect", "HTTPRouteHostRewrite", "HTTPRoutePathRewrite", "HTTPRouteRequestMirror",
            "HTTPRouteRequestMultipleMirrors", "HTTPRouteRequestPercentageMirror", "HTTPRouteRequestTimeout",
            "HTTPRouteBackendTimeout", "HTTPRouteParentRefPort", "HTTPRouteBackendProtocolH2C",
            "HTTPRouteBackendProtocolWebSocket", "HTTPRouteNamedRouteRule", "HTTPRouteCORS",
            "HTTPRoute303RedirectStatusCode", "HTTPRoute307RedirectStatusCode", "HTTPRoute308RedirectStatusCode",
            "HTTPRouteRetry", "HTTPRouteRetryBackendTimeout", "HTTPRouteRetryConnectionError",
            "HTTPRouteBackendURLRewrite", "HTTPRouteBackendRequestRedirect",
            // GRPCRoute, extended
            "GRPCRouteNamedRouteRule", "GRPCRouteRequestHeaderModifier",
            // TLSRoute, extended
            "TLSRouteModeTerminate", "TLSRouteModeMixed",
            // BackendTLSPolicy, extended
            "BackendTLSPolicySANValidation")));

    private SupportedFeatures() {
    }
}
