package dev.gantry.watcher.deployer;

import dev.gantry.model.parameters.GatewayParametersSpec;
import dev.gantry.model.parameters.GatewayParametersSpec.EnvoyContainer;
import dev.gantry.model.parameters.GatewayParametersSpec.Kube;
import dev.gantry.model.parameters.GatewayParametersSpec.PodTemplate;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayInfrastructure;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Builds the objects of a Gateway's proxy from the Gateway and its effective parameters; no I/O. */
public final class ProxyObjectsFactory {

    public static final String MANAGED_BY = "gantry";
    public static final String GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";
    static final String BOOTSTRAP_KEY = "envoy.json";
    static final String BOOTSTRAP_DIR = "/etc/envoy";
    /** Changes when the bootstrap does, so a new bootstrap rolls the pods (Envoy reads it only at start). */
    static final String BOOTSTRAP_HASH_ANNOTATION = "gantry.dev/bootstrap-hash";

    private final DeployerProperties properties;
    private final boolean tls;

    /** A factory for plaintext proxies (xds-service in auth mode none). */
    public ProxyObjectsFactory(DeployerProperties properties) {
        this(properties, false);
    }

    /** @param tls the proxies dial xds-service with the client certificate of {@link ProxyCertificates} */
    public ProxyObjectsFactory(DeployerProperties properties, boolean tls) {
        this.properties = properties;
        this.tls = tls;
    }

    public ProxyObjects build(Gateway gateway, GatewayParametersSpec parameters) {
        String namespace = gateway.getMetadata().getNamespace();
        String name = gateway.getMetadata().getName();
        Kube kube = parameters.kube();
        String bootstrap = EnvoyBootstrap.json(namespace, name, properties.xds(), tls);
        Map<String, String> selector = selectorLabels(name);

        ServiceAccount serviceAccount = new ServiceAccountBuilder()
                .withMetadata(meta(gateway, labels(gateway, selector, kube.serviceAccount() == null ? null
                        : kube.serviceAccount().extraLabels()), annotations(gateway,
                        kube.serviceAccount() == null ? null : kube.serviceAccount().extraAnnotations())))
                .build();
        ConfigMap configMap = new ConfigMapBuilder()
                .withMetadata(meta(gateway, labels(gateway, selector, null), annotations(gateway, null)))
                .addToData(BOOTSTRAP_KEY, bootstrap)
                .build();
        if (tls) {
            configMap.getData().put(EnvoyBootstrap.SDS_CERTIFICATE_FILE, EnvoyBootstrap.sdsCertificate());
            configMap.getData().put(EnvoyBootstrap.SDS_VALIDATION_FILE, EnvoyBootstrap.sdsValidation());
        }
        return new ProxyObjects(serviceAccount, configMap, deployment(gateway, kube, selector, bootstrap),
                service(gateway, kube, selector));
    }

    private Deployment deployment(Gateway gateway, Kube kube, Map<String, String> selector, String bootstrap) {
        String name = gateway.getMetadata().getName();
        EnvoyContainer envoy = kube.envoyContainer();
        PodTemplate pod = kube.podTemplate();
        Map<String, String> podAnnotations = annotations(gateway, pod.extraAnnotations());
        podAnnotations.put(BOOTSTRAP_HASH_ANNOTATION, sha256(bootstrap).substring(0, 16));
        Map<String, String> podAnnotationsWithScrape = new LinkedHashMap<>(podAnnotations);
        podAnnotationsWithScrape.putIfAbsent("prometheus.io/scrape", "true");
        podAnnotationsWithScrape.putIfAbsent("prometheus.io/port", String.valueOf(EnvoyBootstrap.HEALTH_PORT));
        podAnnotationsWithScrape.putIfAbsent("prometheus.io/path", EnvoyBootstrap.METRICS_PATH);

        List<String> args = new ArrayList<>(List.of(
                "--config-path", BOOTSTRAP_DIR + "/" + BOOTSTRAP_KEY,
                "--service-node", "$(POD_NAME)",
                "--log-level", envoy.bootstrap().logLevel()));
        Map<String, String> componentLevels = envoy.bootstrap().componentLogLevels();
        if (componentLevels != null && !componentLevels.isEmpty()) {
            args.add("--component-log-level");
            args.add(String.join(",", componentLevels.entrySet().stream()
                    .map(level -> level.getKey() + ":" + level.getValue()).sorted().toList()));
        }

        List<ContainerPort> ports = new ArrayList<>();
        for (int port : listenerPorts(gateway)) {
            ports.add(new ContainerPortBuilder().withName(portName(port)).withContainerPort(port)
                    .withProtocol("TCP").build());
        }
        ports.add(new ContainerPortBuilder().withName("health").withContainerPort(EnvoyBootstrap.HEALTH_PORT)
                .withProtocol("TCP").build());

        Deployment deployment = new DeploymentBuilder()
                .withMetadata(meta(gateway, labels(gateway, selector, null), annotations(gateway, null)))
                .withNewSpec()
                .withReplicas(kube.deployment().replicas())
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels(gateway, selector, pod.extraLabels()))
                .withAnnotations(podAnnotationsWithScrape)
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(name)
                .withSecurityContext(podSecurityContext(pod.securityContext(), listenerPorts(gateway)))
                .withNodeSelector(pod.nodeSelector())
                .withAffinity(pod.affinity())
                .withTolerations(pod.tolerations())
                .withImagePullSecrets(pod.imagePullSecrets())
                .withTerminationGracePeriodSeconds(pod.terminationGracePeriodSeconds())
                .addNewContainer()
                .withName("envoy")
                .withImage(EffectiveParameters.imageOf(envoy.image()))
                .withImagePullPolicy(envoy.image().pullPolicy())
                .withArgs(args)
                .withEnv(new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                                .withFieldPath("metadata.name").endFieldRef().endValueFrom().build(),
                        new EnvVarBuilder().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef()
                                .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build())
                .withPorts(ports)
                .withNewReadinessProbe()
                .withNewHttpGet().withPath(EnvoyBootstrap.READY_PATH)
                .withPort(new IntOrString(EnvoyBootstrap.HEALTH_PORT)).endHttpGet()
                .withPeriodSeconds(5).withFailureThreshold(2)
                .endReadinessProbe()
                .withResources(new ResourceRequirementsBuilder()
                        .withLimits(envoy.resources() == null ? null : envoy.resources().limits())
                        .withRequests(envoy.resources() == null ? null : envoy.resources().requests())
                        .build())
                .withSecurityContext(envoy.securityContext())
                .addNewVolumeMount().withName("bootstrap").withMountPath(BOOTSTRAP_DIR).withReadOnly(true)
                .endVolumeMount()
                .endContainer()
                .addNewVolume().withName("bootstrap").withNewConfigMap().withName(name).endConfigMap().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        if (tls) {
            mountClientCertificate(deployment, name);
        }
        return deployment;
    }

    /** The Secret's files change in place on rotation (no pod restart): Envoy's SDS watch picks them up. */
    private static void mountClientCertificate(Deployment deployment, String gateway) {
        var pod = deployment.getSpec().getTemplate().getSpec();
        pod.getContainers().get(0).getVolumeMounts().add(new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                .withName("xds-tls").withMountPath(EnvoyBootstrap.TLS_DIR).withReadOnly(true).build());
        pod.getVolumes().add(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName("xds-tls")
                .withNewSecret().withSecretName(ProxyCertificates.secretName(gateway))
                // readable by Envoy's non-root user, which no fsGroup of the pod is guaranteed to cover; the pod
                // runs Envoy alone, so there is no other process to keep the key from
                .withDefaultMode(0444)
                .endSecret().build());
    }

    /** Envoy runs as non-root; a listener below 1024 needs the kernel to let unprivileged users bind it. */
    private static PodSecurityContext podSecurityContext(PodSecurityContext configured, List<Integer> ports) {
        PodSecurityContext base = configured == null ? new PodSecurityContext() : configured;
        boolean privilegedPort = ports.stream().anyMatch(port -> port < 1024);
        if (!privilegedPort) {
            return base;
        }
        List<Sysctl> sysctls = new ArrayList<>(base.getSysctls() == null ? List.of() : base.getSysctls());
        if (sysctls.stream().noneMatch(s -> "net.ipv4.ip_unprivileged_port_start".equals(s.getName()))) {
            sysctls.add(new Sysctl("net.ipv4.ip_unprivileged_port_start", "0"));
        }
        return new PodSecurityContextBuilder(base).withSysctls(sysctls).build();
    }

    private Service service(Gateway gateway, Kube kube, Map<String, String> selector) {
        GatewayParametersSpec.Service settings = kube.service();
        List<ServicePort> ports = listenerPorts(gateway).stream()
                .map(port -> new ServicePortBuilder().withName(portName(port)).withPort(port).withProtocol("TCP")
                        .withTargetPort(new IntOrString(port)).build())
                .toList();
        boolean external = "LoadBalancer".equals(settings.type()) || "NodePort".equals(settings.type());
        ServiceAddresses addresses = ServiceAddresses.of(gateway, settings.type());
        return new ServiceBuilder()
                .withMetadata(meta(gateway, labels(gateway, selector, settings.extraLabels()),
                        annotations(gateway, settings.extraAnnotations())))
                .withNewSpec()
                .withType(settings.type())
                .withClusterIP(settings.clusterIP())
                .withExternalTrafficPolicy(external ? settings.externalTrafficPolicy() : null)
                .withLoadBalancerIP(addresses.loadBalancerIP())
                .withExternalIPs(addresses.externalIPs())
                .withSelector(selector)
                .withPorts(ports)
                .endSpec()
                .build();
    }

    /** One port per distinct listener port: listeners that differ only by hostname share a socket. */
    static List<Integer> listenerPorts(Gateway gateway) {
        List<Listener> listeners = gateway.getSpec().getListeners();
        TreeSet<Integer> ports = new TreeSet<>();
        if (listeners != null) {
            listeners.stream().map(Listener::getPort).filter(Objects::nonNull).forEach(ports::add);
        }
        return List.copyOf(ports);
    }

    private static String portName(int port) {
        return "listener-" + port;
    }

    private static Map<String, String> selectorLabels(String gateway) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "gantry-proxy");
        labels.put("app.kubernetes.io/instance", gateway);
        labels.put(GATEWAY_NAME_LABEL, gateway);
        return labels;
    }

    /** Selector labels last, so no extra label can break the Deployment's selector. */
    private static Map<String, String> labels(Gateway gateway, Map<String, String> selector,
            Map<String, String> extra) {
        Map<String, String> labels = new LinkedHashMap<>();
        GatewayInfrastructure infrastructure = gateway.getSpec().getInfrastructure();
        if (infrastructure != null && infrastructure.getLabels() != null) {
            labels.putAll(infrastructure.getLabels());
        }
        if (extra != null) {
            labels.putAll(extra);
        }
        labels.put("app.kubernetes.io/managed-by", MANAGED_BY);
        labels.put("app.kubernetes.io/component", "proxy");
        labels.putAll(selector);
        return labels;
    }

    private static Map<String, String> annotations(Gateway gateway, Map<String, String> extra) {
        Map<String, String> annotations = new LinkedHashMap<>();
        GatewayInfrastructure infrastructure = gateway.getSpec().getInfrastructure();
        if (infrastructure != null && infrastructure.getAnnotations() != null) {
            annotations.putAll(infrastructure.getAnnotations());
        }
        if (extra != null) {
            annotations.putAll(extra);
        }
        return annotations;
    }

    private static ObjectMeta meta(Gateway gateway, Map<String, String> labels, Map<String, String> annotations) {
        return new ObjectMetaBuilder()
                .withName(gateway.getMetadata().getName())
                .withNamespace(gateway.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations.isEmpty() ? null : annotations)
                .withOwnerReferences(ownerReference(gateway))
                .build();
    }

    static OwnerReference ownerReference(Gateway gateway) {
        return new OwnerReferenceBuilder()
                .withApiVersion(gateway.getApiVersion())
                .withKind(gateway.getKind())
                .withName(gateway.getMetadata().getName())
                .withUid(gateway.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
