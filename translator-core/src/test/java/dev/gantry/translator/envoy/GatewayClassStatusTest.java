package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.condition;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceStatus;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GatewayClass status: Accepted (parametersRef) and SupportedVersion (the CRDs' bundle-version annotation). */
class GatewayClassStatusTest {

    private static String crd(String name, String annotations) {
        return """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: %s, annotations: %s}
                spec: {group: gateway.networking.k8s.io}
                """.formatted(name, annotations);
    }

    private static ResourceStatus gatewayClass(String... yamls) {
        return status(translate(yamls), "GatewayClass", "", "gantry");
    }

    @Test
    void withoutAnyCrdKnownTheVersionIsAssumedSupportedAndSaysSo() {
        ResourceStatus status = gatewayClass(CLASS);
        assertThat(state(status.getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(status.getConditionsList(), "SupportedVersion")).isEqualTo("True/SupportedVersion");
        assertThat(condition(status.getConditionsList(), "SupportedVersion").getMessage()).contains("not verified");
    }

    @Test
    void theSupportedFeaturesAreListedSortedWithoutDuplicates() {
        List<String> features = gatewayClass(CLASS).getSupportedFeaturesList();
        assertThat(features).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates()
                .contains("Gateway", "HTTPRoute", "GRPCRoute", "TLSRoute", "ReferenceGrant", "HTTPRouteRequestMirror",
                        "TLSRouteModeTerminate", "GatewayHTTPListenerIsolation", "GatewayListenerSet")
                // not covered by docs/conformance.md: the suite must not run their tests
                .doesNotContain("ListenerSet", "TCPRoute", "UDPRoute",
                        "HTTPRouteDestinationPortMatching", "Mesh");
        // a class that is not accepted still names what Gantry supports
        String invalid = CLASS.replace("spec: {controllerName: gantry.dev/gateway-controller}",
                "spec: {controllerName: gantry.dev/gateway-controller, parametersRef: {group: invalid.io, kind: X, name: x}}");
        assertThat(gatewayClass(invalid).getSupportedFeaturesList()).isEqualTo(features);
    }

    @Test
    void aSupportedBundleVersionIsNamed() {
        ResourceStatus status = gatewayClass(CLASS,
                crd("gatewayclasses.gateway.networking.k8s.io", "{gateway.networking.k8s.io/bundle-version: v1.6.1}"),
                crd("httproutes.gateway.networking.k8s.io", "{gateway.networking.k8s.io/bundle-version: v1.6.1}"),
                crd("routeoptions.gateway.gantry.dev", "{}"));
        assertThat(state(status.getConditionsList(), "SupportedVersion")).isEqualTo("True/SupportedVersion");
        assertThat(condition(status.getConditionsList(), "SupportedVersion").getMessage()).contains("v1.6.1");
    }

    @Test
    void anUnknownOrMissingVersionIsUnsupportedButTheClassStaysAccepted() {
        for (String annotations : new String[] {"{gateway.networking.k8s.io/bundle-version: v1.7.0}",
                "{gateway.networking.k8s.io/bundle-version: v2.0.0}", "{gateway.networking.k8s.io/bundle-version: latest}",
                "{gateway.networking.k8s.io/bundle-version: v1.99999999999.0}", "{}"}) {
            ResourceStatus status = gatewayClass(CLASS, crd("gateways.gateway.networking.k8s.io", annotations));
            assertThat(state(status.getConditionsList(), "SupportedVersion")).as(annotations)
                    .isEqualTo("False/UnsupportedVersion");
            assertThat(condition(status.getConditionsList(), "SupportedVersion").getMessage()).as(annotations)
                    .contains("gateways.gateway.networking.k8s.io").contains("v1.1 to v1.6");
            assertThat(state(status.getConditionsList(), "Accepted")).as("best effort").isEqualTo("True/Accepted");
        }
    }

    @Test
    void aParametersRefMustNameExistingNamespacedGatewayParameters() {
        String base = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: gantry}
                spec:
                  controllerName: gantry.dev/gateway-controller
                  parametersRef: %s
                """;
        String parameters = """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: GatewayParameters
                metadata: {namespace: gantry-system, name: defaults}
                spec: {}
                """;
        String good = "{group: gateway.gantry.dev, kind: GatewayParameters, namespace: gantry-system, name: defaults}";
        assertThat(state(gatewayClass(parameters, base.formatted(good)).getConditionsList(), "Accepted"))
                .isEqualTo("True/Accepted");
        for (String ref : new String[] {good,
                "{group: gateway.gantry.dev, kind: GatewayParameters, name: defaults}",
                "{group: example.com, kind: Knobs, namespace: gantry-system, name: defaults}"}) {
            // without the GatewayParameters object, even the good reference names nothing
            assertThat(state(gatewayClass(base.formatted(ref)).getConditionsList(), "Accepted")).as(ref)
                    .isEqualTo("False/InvalidParameters");
        }
    }
}
