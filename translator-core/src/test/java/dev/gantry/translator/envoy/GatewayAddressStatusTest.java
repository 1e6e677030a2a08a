package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.condition;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.status.ProgrammedState;
import dev.gantry.translator.status.ProgrammedStatus;
import org.junit.jupiter.api.Test;

/** Gateway spec.addresses and infrastructure.parametersRef in the Gateway's status (stage one). */
class GatewayAddressStatusTest {

    private static String gateway(String addresses) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: infra, name: gw}
                spec:
                  gatewayClassName: gantry
                  addresses: %s
                  listeners: [{name: http, port: 8080, protocol: HTTP}]
                """.formatted(addresses);
    }

    private static ResourceStatus gatewayStatus(String... yamls) {
        return status(translate(yamls), "Gateway", "infra", "gw");
    }

    @Test
    void anAddressTypeOtherThanIpAddressIsNotAccepted() {
        TranslationResult result = translate(CLASS, BACKENDS, gateway(
                "[{type: test/fake-invalid-type, value: 'fake address teehee!'}, {type: IPAddress, value: 192.0.2.10}]"));
        ResourceStatus gateway = status(result, "Gateway", "infra", "gw");

        assertThat(state(gateway.getConditionsList(), "Accepted")).isEqualTo("False/UnsupportedAddress");
        assertThat(condition(gateway.getConditionsList(), "Accepted").getMessage()).contains("test/fake-invalid-type");
        assertThat(state(gateway.getConditionsList(), "Programmed")).isEqualTo("False/Invalid");
        assertThat(result.gateways().get("infra/gw").listeners()).as("a refused Gateway gets no listener").isEmpty();
        ResourceStatus written = ProgrammedStatus.apply(gateway, new ProgrammedState.Written(3));
        assertThat(state(written.getConditionsList(), "Programmed")).isEqualTo("False/Invalid");
        assertThat(state(TranslationFixtures.listener(written, "http").getConditionsList(), "Programmed"))
                .isEqualTo("False/Invalid");
    }

    @Test
    void hostnamesAndMalformedIpsAreUnsupported() {
        for (String addresses : new String[] {"[{type: Hostname, value: gw.example.com}]", "[{value: 300.1.2.3}]",
                "[{value: 'fe80::1%eth0'}]", "[{value: '1:2:3:4:5:6:7:8:9'}]", "[{value: gw.example.com}]"}) {
            assertThat(state(gatewayStatus(CLASS, gateway(addresses)).getConditionsList(), "Accepted"))
                    .as(addresses).isEqualTo("False/UnsupportedAddress");
        }
    }

    @Test
    void usableIpv4AndIpv6AddressesAndAnEmptyValueAreAccepted() {
        for (String addresses : new String[] {"[{type: IPAddress, value: 192.0.2.10}]", "[{value: '2001:db8::10'}]",
                "[{value: '::ffff:192.0.2.1'}]", "[{type: IPAddress}]", "[]"}) {
            ResourceStatus gateway = gatewayStatus(CLASS, gateway(addresses));
            assertThat(state(gateway.getConditionsList(), "Accepted")).as(addresses).isEqualTo("True/Accepted");
            assertThat(state(gateway.getConditionsList(), "Programmed")).as(addresses).isEqualTo("Unknown/Pending");
        }
    }

    @Test
    void anAddressAnotherServiceHoldsIsNotUsableEvenOnceTheSnapshotIsWritten() {
        String holder = """
                apiVersion: v1
                kind: Service
                metadata: {namespace: other, name: holder}
                spec: {type: LoadBalancer, ports: [{port: 80}]}
                status: {loadBalancer: {ingress: [{ip: 192.0.2.20}]}}
                """;
        ResourceStatus gateway = gatewayStatus(CLASS, holder, gateway("[{value: 192.0.2.20}, {value: 192.0.2.10}]"));

        assertThat(state(gateway.getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(gateway.getConditionsList(), "Programmed")).isEqualTo("False/AddressNotUsable");
        assertThat(condition(gateway.getConditionsList(), "Programmed").getMessage())
                .contains("192.0.2.20").contains("other/holder");
        ResourceStatus written = ProgrammedStatus.apply(gateway, new ProgrammedState.Written(3));
        assertThat(state(written.getConditionsList(), "Programmed")).isEqualTo("False/AddressNotUsable");
    }

    @Test
    void theProxyServiceMustHoldARequestedAddressOnceItExists() {
        String proxyWithout = """
                apiVersion: v1
                kind: Service
                metadata: {namespace: infra, name: gw, labels: {app.kubernetes.io/managed-by: gantry}}
                spec: {type: LoadBalancer, loadBalancerIP: 192.0.2.10, ports: [{port: 8080}]}
                """;
        assertThat(state(gatewayStatus(CLASS, proxyWithout, gateway("[{value: 192.0.2.10}]")).getConditionsList(),
                "Programmed")).isEqualTo("False/AddressNotAssigned");
        assertThat(state(gatewayStatus(CLASS, proxyWithout.replace("app.kubernetes.io/managed-by: gantry", "team: web"),
                gateway("[{value: 192.0.2.10}]")).getConditionsList(), "Programmed"))
                .as("a same-named Service Gantry did not make is no proxy of ours").isEqualTo("Unknown/Pending");

        String proxyWith = """
                apiVersion: v1
                kind: Service
                metadata: {namespace: infra, name: gw, labels: {app.kubernetes.io/managed-by: gantry}}
                spec: {type: ClusterIP, clusterIP: 10.96.0.7, externalIPs: [192.0.2.10], ports: [{port: 8080}]}
                """;
        ResourceStatus gateway = gatewayStatus(CLASS, proxyWith, gateway("[{value: 192.0.2.10}]"));
        assertThat(state(gateway.getConditionsList(), "Programmed")).isEqualTo("Unknown/Pending");
        assertThat(state(ProgrammedStatus.apply(gateway, new ProgrammedState.Written(3)).getConditionsList(),
                "Programmed")).isEqualTo("True/Programmed");
    }

    @Test
    void anInfrastructureParametersRefMustNameExistingGatewayParameters() {
        String invalidKind = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: infra, name: gw}
                spec:
                  gatewayClassName: gantry
                  listeners: [{name: http, port: 80, protocol: HTTP}]
                  infrastructure: {parametersRef: {group: invalid.io, kind: InvalidParameters, name: invalid}}
                """;
        ResourceStatus refused = gatewayStatus(CLASS, invalidKind);
        assertThat(state(refused.getConditionsList(), "Accepted")).isEqualTo("False/InvalidParameters");
        assertThat(condition(refused.getConditionsList(), "Accepted").getMessage()).contains("invalid.io/InvalidParameters");

        String ours = invalidKind.replace("{group: invalid.io, kind: InvalidParameters, name: invalid}",
                "{group: gateway.gantry.dev, kind: GatewayParameters, name: small}");
        assertThat(state(gatewayStatus(CLASS, ours).getConditionsList(), "Accepted")).isEqualTo("False/InvalidParameters");
        String parameters = """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: GatewayParameters
                metadata: {namespace: infra, name: small}
                spec: {}
                """;
        assertThat(state(gatewayStatus(CLASS, parameters, ours).getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
    }
}
