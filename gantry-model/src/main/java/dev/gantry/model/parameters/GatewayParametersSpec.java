package dev.gantry.model.parameters;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;

/**
 * How the Envoy proxy of a Gateway is deployed (k8sgateway's GatewayParameters.kube). Every field is optional:
 * the deployer deep-merges the GatewayClass's parameters, then the Gateway's, over its defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewayParametersSpec(Kube kube, Map<String, Object> selfManaged, Xds xds) {

    public GatewayParametersSpec(Kube kube, Map<String, Object> selfManaged) {
        this(kube, selfManaged, null);
    }

    /**
     * Who may read the Gateway's configuration from xds-service besides its own proxy (docs/security.md).
     *
     * @param serviceAccounts names of ServiceAccounts in the Gateway's namespace whose tokens or certificates
     *                        (SPIFFE {@code .../ns/<namespace>/sa/<name>}) are accepted for the Gateway, for proxies
     *                        the user runs (selfManaged) or proxyless gRPC clients; a Gateway's own list replaces
     *                        its GatewayClass's
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Xds(List<String> serviceAccounts) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Kube(Deployment deployment, EnvoyContainer envoyContainer, PodTemplate podTemplate,
            Service service, ServiceAccount serviceAccount) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deployment(Integer replicas) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EnvoyContainer(Bootstrap bootstrap, Image image, SecurityContext securityContext,
            Resources resources) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bootstrap(String logLevel, Map<String, String> componentLogLevels) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(String registry, String repository, String tag, String digest, String pullPolicy) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resources(Map<String, Quantity> limits, Map<String, Quantity> requests) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PodTemplate(Map<String, String> extraLabels, Map<String, String> extraAnnotations,
            Map<String, String> nodeSelector, PodSecurityContext securityContext, Affinity affinity,
            List<Toleration> tolerations, List<LocalObjectReference> imagePullSecrets,
            Long terminationGracePeriodSeconds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Service(String type, String clusterIP, String externalTrafficPolicy,
            Map<String, String> extraLabels, Map<String, String> extraAnnotations) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceAccount(Map<String, String> extraLabels, Map<String, String> extraAnnotations) {
    }
}
