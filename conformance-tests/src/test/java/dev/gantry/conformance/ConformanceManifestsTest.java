package dev.gantry.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.model.ResourceIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader prepares the manifests the way the suite's setup would, from the test resources or a configured folder. */
class ConformanceManifestsTest {

    private static final String BASE = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: gw, namespace: infra}
            spec:
              gatewayClassName: "{GATEWAY_CLASS_NAME}"
              listeners: [{name: http, port: 80, protocol: HTTP}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: echo, namespace: infra}
            spec:
              selector: {app: echo}
              ports: [{name: http, port: 8080, targetPort: 3000}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: manual, namespace: infra}
            spec:
              ports: [{name: http, port: 8080}]
            ---
            """;

    @TempDir
    Path directory;

    @AfterEach
    void clearProperty() {
        System.clearProperty(ConformanceManifests.PROPERTY);
    }

    @Test
    void theConfiguredFolderWinsAndIsPreparedLikeTheSuiteDoes() throws Exception {
        Files.createDirectories(directory.resolve("base"));
        Files.createDirectories(directory.resolve("tests"));
        Files.writeString(directory.resolve("base/manifests.yaml"), BASE);
        Files.writeString(directory.resolve("tests/route.yaml"), """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: r, namespace: infra}
                spec:
                  parentRefs: [{name: gw}]
                  rules: [{backendRefs: [{name: echo, port: 8080}]}]
                """);
        System.setProperty(ConformanceManifests.PROPERTY, directory.toString());

        ConformanceManifests manifests = ConformanceManifests.required();
        assertThat(manifests.hasTest("route")).isTrue();
        assertThat(manifests.hasTest("missing")).isFalse();
        ResourceIndex index = manifests.index("route");

        assertThat(index.gatewayClass(ConformanceManifests.GATEWAY_CLASS))
                .map(gatewayClass -> gatewayClass.getSpec().getControllerName())
                .contains(GatewayTranslator.CONTROLLER_NAME);
        assertThat(new GatewayTranslator().gateways(index)).containsExactly("infra/gw");
        assertThat(index.endpointSlices("infra", "echo")).singleElement()
                .satisfies(slice -> assertThat(slice.getPorts().get(0).getPort()).isEqualTo(3000));
        // No selector: nothing derives endpoints for it (the suite's hand-made slices cover those).
        assertThat(index.endpointSlices("infra", "manual")).isEmpty();
        assertThat(index.httpRoutes()).singleElement()
                .satisfies(route -> assertThat(route.getMetadata().getCreationTimestamp()).isNotBlank());
    }

    @Test
    void aConfiguredFolderWithoutBaseManifestsIsAnErrorNamingIt() {
        System.setProperty(ConformanceManifests.PROPERTY, directory.toString());

        assertThatThrownBy(ConformanceManifests::required).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(directory.toString()).hasMessageContaining(ConformanceManifests.PROPERTY);
    }

    /** A fresh clone runs the suite by itself: the manifests and their license are test resources. */
    @Test
    void theSuiteAndItsLicenseAreTestResources() {
        assertThat(ConformanceManifestsTest.class.getResource(ManifestSource.RESOURCES + "LICENSE")).isNotNull();
        ConformanceManifests manifests = ConformanceManifests.required();
        assertThat(manifests.hasTest("httproute-matching")).isTrue();

        assertThat(new GatewayTranslator().gateways(manifests.index("httproute-matching")))
                .contains(Conformance.INFRA + "/same-namespace");
    }
}
