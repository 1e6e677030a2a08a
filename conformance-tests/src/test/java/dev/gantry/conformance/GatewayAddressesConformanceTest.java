package dev.gantry.conformance;

import static dev.gantry.conformance.Conformance.INFRA;
import static dev.gantry.conformance.StatusConformanceTest.hasCondition;
import static dev.gantry.conformance.StatusConformanceTest.listener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ListenerStatus;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.status.ProgrammedState;
import dev.gantry.translator.status.ProgrammedStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gateway-level status from spec: addresses (GatewayStaticAddresses, GatewayOptionalAddressValue) and
 * infrastructure.parametersRef (GatewayInvalidParametersRef).
 *
 * <p>The suite leaves the usable and unusable addresses to the implementation (its UsableNetworkAddresses and
 * UnusableNetworkAddresses flags) and substitutes them for the manifest's placeholders. For Gantry an address
 * is unusable when another Service already holds it; this test plays the environment: a Service holding
 * {@value #UNUSABLE}, and {@value #USABLE} free. {@code status.addresses} is written by the proxy deployer from
 * the proxy Service (watcher-service ServiceAddressesTest), which this module has no cluster for.
 */
class GatewayAddressesConformanceTest {

    private static final String GATEWAY = "Gateway";
    static final String USABLE = "192.0.2.10";
    static final String UNUSABLE = "198.51.100.7";

    private static Map<String, Object> address(String type, String value) {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("type", type);
        address.put("value", value);
        return address;
    }

    private static void holdUnusableAddress(Conformance conformance) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("apiVersion", "v1");
        service.put("kind", "Service");
        service.put("metadata", new LinkedHashMap<>(Map.of("namespace", "gateway-conformance-app-backend",
                "name", "address-holder")));
        service.put("spec", new LinkedHashMap<>(Map.of("type", "ClusterIP", "externalIPs", List.of(UNUSABLE),
                "ports", List.of(Map.of("port", 80)))));
        ResourceEvent event = ConformanceManifests.event(service);
        conformance.index().apply(ResourceKey.of(event), event);
    }

    @SuppressWarnings("unchecked")
    private static void setAddresses(Conformance conformance, List<Map<String, Object>> addresses) {
        conformance.update(GATEWAY, "gateway-static-addresses",
                gateway -> ((Map<String, Object>) gateway.get("spec")).put("addresses", new ArrayList<>(addresses)));
    }

    @Test
    void gatewayStaticAddresses() {
        Conformance.run("GatewayStaticAddresses", () -> {
            Conformance conformance = Conformance.load("gateway-static-addresses");
            holdUnusableAddress(conformance);
            Map<String, Object> invalid = address("test/fake-invalid-type", "fake address teehee!");
            Map<String, Object> unusable = address("IPAddress", UNUSABLE);
            Map<String, Object> usable = address("IPAddress", USABLE);

            setAddresses(conformance, List.of(invalid, unusable, usable));
            ResourceStatus refused = conformance.status(GATEWAY, INFRA, "gateway-static-addresses");
            hasCondition(refused.getConditionsList(), "Accepted", "False", "UnsupportedAddress");

            setAddresses(conformance, List.of(unusable, usable));
            ResourceStatus notUsable = conformance.status(GATEWAY, INFRA, "gateway-static-addresses");
            hasCondition(notUsable.getConditionsList(), "Accepted", "True", "Accepted");
            hasCondition(notUsable.getConditionsList(), "Programmed", "False", "AddressNotUsable");
            assertThat(notUsable.getConditionsList()).allSatisfy(condition ->
                    assertThat(condition.getObservedGeneration()).isEqualTo(2));

            setAddresses(conformance, List.of(usable));
            ResourceStatus programmed = ProgrammedStatus.apply(
                    conformance.status(GATEWAY, INFRA, "gateway-static-addresses"), new ProgrammedState.Written(1));
            hasCondition(programmed.getConditionsList(), "Accepted", "True", "Accepted");
            hasCondition(programmed.getConditionsList(), "Programmed", "True", "Programmed");
            ListenerStatus http = listener(programmed, "http");
            assertThat(http.getSupportedKindsList()).as("the suite wants these among them").contains("HTTPRoute");
            assertThat(http.getAttachedRoutes()).isZero();
            hasCondition(http.getConditionsList(), "Accepted", "True", null);
            hasCondition(http.getConditionsList(), "ResolvedRefs", "True", null);
        });
    }

    @Test
    void gatewayOptionalAddressValue() {
        Conformance.run("GatewayOptionalAddressValue", () -> {
            ResourceStatus gateway = Conformance.load("gateway-optional-address-value")
                    .status(GATEWAY, INFRA, "gateway-without-address-value");
            hasCondition(gateway.getConditionsList(), "Accepted", "True", "Accepted");
            hasCondition(ProgrammedStatus.apply(gateway, new ProgrammedState.Written(1)).getConditionsList(),
                    "Programmed", "True", "Programmed");
        });
    }

    @Test
    void gatewayInvalidParametersRef() {
        Conformance.run("GatewayInvalidParametersRef", () -> hasCondition(Conformance.load("gateway-invalid-parameters-ref")
                .status(GATEWAY, INFRA, "gateway-invalid-parameters-ref").getConditionsList(),
                "Accepted", "False", "InvalidParameters"));
    }

    @Test
    void gatewayClassSupportedVersion() {
        // No conformance test waits for it, but every GatewayClass of ours carries it (GatewayClass spec).
        Conformance.run("GatewayClassObservedGenerationBump#supportedVersion", () -> hasCondition(
                Conformance.load("gatewayclass-observed-generation-bump")
                        .status("GatewayClass", "", "gatewayclass-observed-generation-bump").getConditionsList(),
                "SupportedVersion", "True", "SupportedVersion"));
    }
}
