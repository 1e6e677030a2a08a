package dev.gantry.watcher.deployer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.model.parameters.GatewayParametersSpec;
import dev.gantry.model.parameters.GatewayParametersSpec.Bootstrap;
import dev.gantry.model.parameters.GatewayParametersSpec.Deployment;
import dev.gantry.model.parameters.GatewayParametersSpec.EnvoyContainer;
import dev.gantry.model.parameters.GatewayParametersSpec.Image;
import dev.gantry.model.parameters.GatewayParametersSpec.Kube;
import dev.gantry.model.parameters.GatewayParametersSpec.Resources;
import dev.gantry.model.parameters.GatewayParametersSpec.Service;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

import java.util.Map;

/** Gantry's defaults, then the GatewayClass's parameters, then the Gateway's: the parameters a proxy runs with. */
public final class EffectiveParameters {

    /** The user id of the envoyproxy/envoy image. */
    static final long ENVOY_UID = 101;

    private static final ObjectMapper JSON = new ObjectMapper();

    private EffectiveParameters() {
    }

    public static GatewayParametersSpec resolve(String defaultImage, GatewayParametersSpec fromClass,
            GatewayParametersSpec fromGateway) {
        JsonNode merged = ParametersMerge.merge(
                ParametersMerge.merge(JSON.valueToTree(defaults(defaultImage)), tree(fromClass)), tree(fromGateway));
        try {
            return JSON.treeToValue(merged, GatewayParametersSpec.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("GatewayParameters do not merge into a valid spec: " + e.getMessage(), e);
        }
    }

    static GatewayParametersSpec defaults(String image) {
        var container = new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withRunAsUser(ENVOY_UID)
                .withCapabilities(new Capabilities(null, java.util.List.of("ALL")))
                .build();
        var pod = new PodSecurityContextBuilder().withRunAsNonRoot(true).withRunAsUser(ENVOY_UID)
                .withRunAsGroup(ENVOY_UID).withFsGroup(ENVOY_UID).build();
        var resources = new Resources(Map.of("memory", new Quantity("512Mi")),
                Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")));
        return new GatewayParametersSpec(new Kube(
                new Deployment(1),
                new EnvoyContainer(new Bootstrap("info", null), ImageReference.parse(image), container, resources),
                new GatewayParametersSpec.PodTemplate(null, null, null, pod, null, null, null, null),
                new Service("LoadBalancer", null, null, null, null),
                null), null);
    }

    private static JsonNode tree(GatewayParametersSpec spec) {
        return spec == null ? null : JSON.valueToTree(spec);
    }

    /** The image reference a container runs, from GatewayParameters' split form. */
    static String imageOf(Image image) {
        StringBuilder reference = new StringBuilder();
        if (image.registry() != null && !image.registry().isBlank()) {
            reference.append(image.registry()).append('/');
        }
        reference.append(image.repository());
        if (image.tag() != null && !image.tag().isBlank()) {
            reference.append(':').append(image.tag());
        }
        if (image.digest() != null && !image.digest().isBlank()) {
            reference.append('@').append(image.digest());
        }
        return reference.toString();
    }
}
