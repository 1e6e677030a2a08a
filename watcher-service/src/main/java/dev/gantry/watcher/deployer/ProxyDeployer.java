package dev.gantry.watcher.deployer;

import dev.gantry.model.GantryApi;
import dev.gantry.model.parameters.GatewayParameters;
import dev.gantry.model.parameters.GatewayParametersSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddress;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalParametersReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParametersReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Creates and keeps in shape the Envoy of one Gateway: ServiceAccount, bootstrap ConfigMap, Deployment and Service,
 * all owned by the Gateway and written with server-side apply under the field manager "gantry" (so fields others
 * own, e.g. an HPA's replicas, are left alone unless Gantry sets them too).
 */
public class ProxyDeployer {

    public static final String CONTROLLER_NAME = "gantry.dev/gateway-controller";
    public static final String FIELD_MANAGER = "gantry";

    private static final Logger log = LoggerFactory.getLogger(ProxyDeployer.class);

    private final KubernetesClient client;
    private final DeployerProperties properties;
    private final ProxyObjectsFactory factory;
    private final ApplyStrategy apply;
    /** Null when the proxies dial xds-service in plaintext. */
    private final ProxyCertificates certificates;
    /** xds-service's server Secret is checked once per process: after that it exists (ours or someone else's). */
    private volatile boolean serverSecretChecked;

    /** A deployer of plaintext proxies (xds-service in auth mode none). */
    public ProxyDeployer(KubernetesClient client, DeployerProperties properties, ApplyStrategy apply) {
        this(client, properties, apply, null);
    }

    /** @param certificates issues the proxies' xDS client certificates; null = plaintext proxies */
    public ProxyDeployer(KubernetesClient client, DeployerProperties properties, ApplyStrategy apply,
            ProxyCertificates certificates) {
        this.client = client;
        this.properties = properties;
        this.factory = new ProxyObjectsFactory(properties, certificates != null);
        this.apply = apply;
        this.certificates = certificates;
    }

    /** What reconciling a Gateway did. */
    public enum Outcome { APPLIED, NOT_OURS, SELF_MANAGED }

    public Outcome reconcile(Gateway gateway) {
        Optional<GatewayClass> gatewayClass = ourClass(gateway);
        if (gatewayClass.isEmpty()) {
            return Outcome.NOT_OURS;
        }
        GatewayParametersSpec parameters = EffectiveParameters.resolve(properties.envoyImage(),
                classParameters(gatewayClass.get()), gatewayParameters(gateway));
        if (parameters.selfManaged() != null) {
            remove(gateway.getMetadata().getNamespace(), gateway.getMetadata().getName());
            return Outcome.SELF_MANAGED;
        }
        if (certificates != null) {
            ensureServerCertificate();
            // before the Deployment, so its pods find the Secret they mount
            certificates.ensure(gateway);
        }
        for (HasMetadata object : factory.build(gateway, parameters).all()) {
            apply.apply(client, object);
        }
        log.debug("applied the proxy of Gateway {}/{}", gateway.getMetadata().getNamespace(),
                gateway.getMetadata().getName());
        publishAddresses(gateway);
        return Outcome.APPLIED;
    }

    /**
     * Issues xds-service's server certificate Secret if it is missing (a fresh install: xds-service's pod waits for
     * that Secret, the proxies for xds-service). Checked once per process: afterwards the Secret exists, ours or an
     * operator's, and is not Gantry's to touch.
     */
    public void ensureServerCertificate() {
        if (certificates != null && !serverSecretChecked) {
            certificates.ensureServerSecret(properties.xds().host());
            certificates.ensurePolicyServiceSecrets();
            serverSecretChecked = true;
        }
    }

    /**
     * Deletes a Gateway's proxy. Owner references make the API server's garbage collector do this too; deleting
     * explicitly covers a cluster without GC (the mock server) and a Gateway that changed to another class.
     */
    public void remove(String namespace, String gateway) {
        client.services().inNamespace(namespace).withName(gateway).delete();
        client.apps().deployments().inNamespace(namespace).withName(gateway).delete();
        client.configMaps().inNamespace(namespace).withName(gateway).delete();
        client.serviceAccounts().inNamespace(namespace).withName(gateway).delete();
        // also when TLS is off now: a certificate issued while it was on must not outlive its proxy
        client.secrets().inNamespace(namespace).withName(ProxyCertificates.secretName(gateway)).delete();
    }

    /** Only objects Gantry made: a same-named Deployment of someone else's is not ours to delete. */
    public void removeOwned(String namespace, String gateway) {
        Service service = client.services().inNamespace(namespace).withName(gateway).get();
        if (service == null || ProxyObjectsFactory.MANAGED_BY.equals(
                service.getMetadata().getLabels() == null ? null
                        : service.getMetadata().getLabels().get("app.kubernetes.io/managed-by"))) {
            remove(namespace, gateway);
        }
    }

    /** The addresses of a Gateway's proxy Service, for the status writer's Gateway.status.addresses. */
    public List<GatewayStatusAddress> addresses(String namespace, String gateway) {
        return GatewayAddresses.of(client.services().inNamespace(namespace).withName(gateway).get());
    }

    /**
     * Copies the proxy Service's addresses into {@code Gateway.status.addresses} when they differ. Only that
     * field is written; the status write-back owns the conditions and listeners.
     */
    void publishAddresses(Gateway gateway) {
        String namespace = gateway.getMetadata().getNamespace();
        String name = gateway.getMetadata().getName();
        List<GatewayStatusAddress> addresses = addresses(namespace, name);
        List<GatewayStatusAddress> current = gateway.getStatus() == null || gateway.getStatus().getAddresses() == null
                ? List.of() : gateway.getStatus().getAddresses();
        if (addresses.equals(current)) {
            return;
        }
        client.resources(Gateway.class).inNamespace(namespace).withName(name).editStatus(latest -> {
            if (latest.getStatus() == null) {
                latest.setStatus(new GatewayStatus());
            }
            latest.getStatus().setAddresses(addresses);
            return latest;
        });
        log.info("Gateway {}/{} is reachable at {}", namespace, name,
                addresses.stream().map(GatewayStatusAddress::getValue).toList());
    }

    public boolean isOurs(Gateway gateway) {
        return ourClass(gateway).isPresent();
    }

    private Optional<GatewayClass> ourClass(Gateway gateway) {
        String className = gateway.getSpec() == null ? null : gateway.getSpec().getGatewayClassName();
        if (className == null) {
            return Optional.empty();
        }
        GatewayClass gatewayClass = client.resources(GatewayClass.class).withName(className).get();
        if (gatewayClass == null || gatewayClass.getSpec() == null
                || !CONTROLLER_NAME.equals(gatewayClass.getSpec().getControllerName())) {
            return Optional.empty();
        }
        return Optional.of(gatewayClass);
    }

    private GatewayParametersSpec classParameters(GatewayClass gatewayClass) {
        ParametersReference ref = gatewayClass.getSpec().getParametersRef();
        if (ref == null || !isGatewayParameters(ref.getGroup(), ref.getKind())) {
            return null;
        }
        if (ref.getNamespace() == null) {
            log.warn("GatewayClass {} names GatewayParameters {} without a namespace; ignored",
                    gatewayClass.getMetadata().getName(), ref.getName());
            return null;
        }
        return parameters(ref.getNamespace(), ref.getName(), "GatewayClass " + gatewayClass.getMetadata().getName());
    }

    private GatewayParametersSpec gatewayParameters(Gateway gateway) {
        if (gateway.getSpec().getInfrastructure() == null) {
            return null;
        }
        LocalParametersReference ref = gateway.getSpec().getInfrastructure().getParametersRef();
        if (ref == null || !isGatewayParameters(ref.getGroup(), ref.getKind())) {
            return null;
        }
        return parameters(gateway.getMetadata().getNamespace(), ref.getName(),
                "Gateway " + gateway.getMetadata().getNamespace() + "/" + gateway.getMetadata().getName());
    }

    private GatewayParametersSpec parameters(String namespace, String name, String referrer) {
        GatewayParameters parameters = client.resources(GatewayParameters.class).inNamespace(namespace)
                .withName(name).get();
        if (parameters == null) {
            // deploy with the rest rather than not at all; the Gateway's status is where users see the dangling ref
            log.warn("{} refers to GatewayParameters {}/{}, which do not exist", referrer, namespace, name);
            return null;
        }
        return parameters.getSpec();
    }

    private static boolean isGatewayParameters(String group, String kind) {
        return GantryApi.GROUP.equals(group) && "GatewayParameters".equals(kind);
    }
}
