package dev.gantry.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.model.ResourceIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Loads the Gateway API conformance manifests (Apache-2.0, from kubernetes-sigs/gateway-api, kept in this
 * module's test resources with their LICENSE; see {@link ManifestSource}) the way the suite applies them, as
 * {@code gantry.resources} records:
 *
 * <ul>
 *   <li>{@code {GATEWAY_CLASS_NAME}} and {@code {GATEWAY_CONTROLLER_NAME}} are substituted, as the suite's
 *       Applier does ({@code conformance/utils/kubernetes/apply.go}), with {@value #GATEWAY_CLASS} and
 *       Gantry's controllerName, and that GatewayClass is added;</li>
 *   <li>the Secrets and CA ConfigMaps the suite creates in code ({@code MustCreateSelfSignedCertSecret},
 *       the backend TLS certificates, the client certificate CAs: ConfigMaps, {@code ca.crt}) are added from
 *       test certificates;</li>
 *   <li>every Service with a selector gets a ready EndpointSlice (the cluster's controllers would make
 *       one from the echo pods), and the suite's hand-made EndpointSlices without endpoints get one
 *       address, as the HTTPRouteServiceTypes test fills them in;</li>
 *   <li>Namespaces get the {@code kubernetes.io/metadata.name} label the API server adds;</li>
 *   <li>objects get increasing creationTimestamps in apply order, since route precedence ties break on
 *       them.</li>
 * </ul>
 */
public final class ConformanceManifests {

    public static final String GATEWAY_CLASS = "gantry";
    /** System property or environment variable: a folder to read the manifests from instead of the test resources. */
    public static final String PROPERTY = "GANTRY_CONFORMANCE_DIR";
    static final String BASE = "base/manifests.yaml";
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManifestSource source;
    private int applied;

    private ConformanceManifests(ManifestSource source) {
        this.source = source;
    }

    /**
     * The manifests in this module's test resources, or in the folder {@value #PROPERTY} names. Fails (rather
     * than skipping) when they are missing: they are part of the repository, so a missing file is a bug.
     */
    public static ConformanceManifests required() {
        String configured = System.getProperty(PROPERTY, System.getenv(PROPERTY));
        ManifestSource source = configured == null || configured.isBlank() ? ManifestSource.testResources()
                : ManifestSource.folder(Path.of(configured));
        if (!source.exists(BASE)) {
            throw new IllegalStateException("no " + BASE + " in the " + source + (configured == null || configured.isBlank()
                    ? " (conformance-tests/src/test/resources/conformance)" : " named by " + PROPERTY));
        }
        return new ConformanceManifests(source);
    }

    public boolean hasTest(String manifest) {
        return source.exists(testPath(manifest));
    }

    /** A fresh index: base manifests, the suite's programmatic objects, then each test's manifests. */
    public ResourceIndex index(String... testManifests) {
        ResourceIndex index = new ResourceIndex();
        applied = 0;
        documents(read(BASE)).forEach(record -> apply(index, record));
        programmaticObjects().forEach(record -> apply(index, record));
        for (String manifest : testManifests) {
            documents(read(testPath(manifest))).forEach(record -> apply(index, record));
        }
        return index;
    }

    /** Every object of the base and of the tests, in apply order, after substitution (for status checks). */
    public List<Map<String, Object>> objects(String... testManifests) {
        List<Map<String, Object>> objects = new ArrayList<>();
        objects.addAll(documents(read(BASE)));
        for (String manifest : testManifests) {
            objects.addAll(documents(read(testPath(manifest))));
        }
        return objects;
    }

    private void apply(ResourceIndex index, Map<String, Object> object) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) object.computeIfAbsent("metadata", ignored -> new LinkedHashMap<>());
        metadata.putIfAbsent("creationTimestamp", EPOCH.plusSeconds(applied++).toString());
        metadata.putIfAbsent("generation", 1);
        fillManualEndpointSlice(object);
        labelNamespace(object);
        ResourceEvent event = event(object);
        index.apply(ResourceKey.of(event), event);
        for (Map<String, Object> derived : derivedObjects(object)) {
            apply(index, derived);
        }
    }

    static ResourceEvent event(Map<String, Object> object) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
        Object namespace = metadata.get("namespace");
        Object generation = metadata.get("generation");
        try {
            return ResourceEvent.newBuilder()
                    .setApiVersion((String) object.get("apiVersion"))
                    .setKind((String) object.get("kind"))
                    .setNamespace(namespace == null ? "" : namespace.toString())
                    .setName(metadata.get("name").toString())
                    .setGeneration(generation instanceof Number number ? number.longValue() : 1)
                    .setJson(JSON.writeValueAsString(object))
                    .setSource("conformance")
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + metadata.get("name") + " as JSON", e);
        }
    }

    /** The multi-document YAML as objects, placeholders substituted. */
    static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> objects = new ArrayList<>();
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024);
        for (Object document : new Yaml(options).loadAll(yaml)) {
            if (document instanceof Map<?, ?> map && !map.isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) map;
                objects.add(object);
            }
        }
        return objects;
    }

    private static String testPath(String manifest) {
        return "tests/" + manifest + ".yaml";
    }

    /** One manifest file, its placeholders substituted as the suite's Applier does. */
    private String read(String relative) {
        return source.read(relative)
                .orElseThrow(() -> new IllegalArgumentException("no conformance manifest " + relative + " in the " + source))
                .replace("{GATEWAY_CLASS_NAME}", GATEWAY_CLASS)
                .replace("{GATEWAY_CONTROLLER_NAME}", GatewayTranslator.CONTROLLER_NAME);
    }

    /** The GatewayClass and Secrets the suite makes outside the manifests. */
    private static List<Map<String, Object>> programmaticObjects() {
        List<Map<String, Object>> objects = new ArrayList<>();
        objects.add(new LinkedHashMap<>(Map.of(
                "apiVersion", "gateway.networking.k8s.io/v1",
                "kind", "GatewayClass",
                "metadata", new LinkedHashMap<>(Map.of("name", GATEWAY_CLASS)),
                "spec", Map.of("controllerName", GatewayTranslator.CONTROLLER_NAME))));
        objects.add(tlsSecret("gateway-conformance-web-backend", "certificate"));
        objects.add(tlsSecret("gateway-conformance-infra", "tls-validity-checks-certificate"));
        objects.add(tlsSecret("gateway-conformance-infra", "tls-passthrough-checks-certificate"));
        objects.add(tlsSecret("gateway-conformance-app-backend", "tls-passthrough-checks-certificate"));
        // Created by the TLSRoute termination tests themselves before they apply their manifests.
        objects.add(tlsSecret("gateway-conformance-infra", "tls-terminate-checks-certificate"));
        // Backend TLS (suite setup): the backends' serving certificate, the CA that signed it, an unrelated CA,
        // and the client certificate a Gateway presents to backends.
        objects.add(tlsSecret("gateway-conformance-infra", "tls-checks-certificate"));
        objects.add(tlsSecret("gateway-conformance-infra", "tls-checks-client-certificate"));
        objects.add(caConfigMap("gateway-conformance-infra", "tls-checks-ca-certificate", "self-signed.crt"));
        objects.add(caConfigMap("gateway-conformance-infra", "mismatch-ca-certificate", "other-ca.crt"));
        // The CAs of the client certificate validation tests (the suite's own, created in code).
        objects.add(caConfigMap("gateway-conformance-infra", "tls-validity-checks-ca-certificate", "client-ca.crt"));
        objects.add(caConfigMap("gateway-conformance-infra", "tls-validity-checks-per-port-ca-certificate",
                "client-ca-per-port.crt"));
        return objects;
    }

    /** The CA of the suite's default client certificate (tls-validity-checks-client-certificate), PEM. */
    public static final String CLIENT_CA = caCertificate("client-ca.crt");
    /** The CA of the suite's per-port client certificate (tls-validity-checks-per-port-client-certificate), PEM. */
    public static final String CLIENT_CA_PER_PORT = caCertificate("client-ca-per-port.crt");

    private static Map<String, Object> tlsSecret(String namespace, String name) {
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        secret.put("metadata", new LinkedHashMap<>(Map.of("name", name, "namespace", namespace)));
        secret.put("type", "kubernetes.io/tls");
        secret.put("data", Map.of(
                "tls.crt", Base64.getEncoder().encodeToString(resource("self-signed.crt")),
                "tls.key", Base64.getEncoder().encodeToString(resource("self-signed.key"))));
        return secret;
    }

    private static Map<String, Object> caConfigMap(String namespace, String name, String certificate) {
        Map<String, Object> configMap = new LinkedHashMap<>();
        configMap.put("apiVersion", "v1");
        configMap.put("kind", "ConfigMap");
        configMap.put("metadata", new LinkedHashMap<>(Map.of("name", name, "namespace", namespace)));
        configMap.put("data", Map.of("ca.crt", caCertificate(certificate)));
        return configMap;
    }

    /** A PEM test certificate from the test resources (see the README there). */
    public static String caCertificate(String name) {
        return new String(resource(name), StandardCharsets.US_ASCII);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ConformanceManifests.class.getResourceAsStream("/conformance/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource /conformance/" + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The API server labels every Namespace with its own name (Kubernetes 1.22+); selectors rely on it. */
    @SuppressWarnings("unchecked")
    private static void labelNamespace(Map<String, Object> object) {
        if ("Namespace".equals(object.get("kind"))) {
            Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
            Map<String, Object> labels = metadata.get("labels") instanceof Map<?, ?> existing
                    ? new LinkedHashMap<>((Map<String, Object>) existing) : new LinkedHashMap<>();
            labels.putIfAbsent("kubernetes.io/metadata.name", metadata.get("name"));
            metadata.put("labels", labels);
        }
    }

    /** HTTPRouteServiceTypes fills its hand-made EndpointSlices with the echo pod's address before use. */
    private static void fillManualEndpointSlice(Map<String, Object> object) {
        if ("EndpointSlice".equals(object.get("kind")) && object.get("endpoints") == null) {
            String address = "IPv6".equals(object.get("addressType")) ? "fd00:10:244::10" : "10.244.0.10";
            object.put("endpoints", List.of(Map.of("addresses", List.of(address), "conditions", Map.of("ready", true))));
        }
    }

    /** What the cluster would derive from an object: the EndpointSlice of a Service with a selector. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> derivedObjects(Map<String, Object> object) {
        String kind = (String) object.get("kind");
        Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
        Map<String, Object> spec = (Map<String, Object>) object.get("spec");
        if ("Service".equals(kind) && spec != null && spec.get("selector") != null
                && !"ExternalName".equals(spec.get("type"))) {
            return List.of(endpointSliceFor(metadata, spec));
        }
        return List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> endpointSliceFor(Map<String, Object> serviceMetadata, Map<String, Object> spec) {
        String service = serviceMetadata.get("name").toString();
        List<Map<String, Object>> ports = new ArrayList<>();
        for (Map<String, Object> port : (List<Map<String, Object>>) spec.getOrDefault("ports", List.of())) {
            Object target = port.getOrDefault("targetPort", port.get("port"));
            Map<String, Object> slicePort = new LinkedHashMap<>();
            if (port.get("name") != null) {
                slicePort.put("name", port.get("name"));
            }
            // A named targetPort resolves to the container port; the echo pods listen on 3000.
            slicePort.put("port", target instanceof Number ? target : 3000);
            slicePort.put("protocol", port.getOrDefault("protocol", "TCP"));
            if (port.get("appProtocol") != null) {
                slicePort.put("appProtocol", port.get("appProtocol"));
            }
            ports.add(slicePort);
        }
        int hash = Math.floorMod((serviceMetadata.get("namespace") + "/" + service).hashCode(), 250) + 1;
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", service + "-conformance");
        metadata.put("namespace", serviceMetadata.get("namespace"));
        metadata.put("labels", Map.of("kubernetes.io/service-name", service));
        Map<String, Object> slice = new LinkedHashMap<>();
        slice.put("apiVersion", "discovery.k8s.io/v1");
        slice.put("kind", "EndpointSlice");
        slice.put("metadata", metadata);
        slice.put("addressType", "IPv4");
        slice.put("ports", ports);
        slice.put("endpoints", List.of(Map.of("addresses", List.of("10.244." + hash + ".10"),
                "conditions", Map.of("ready", true))));
        return slice;
    }
}
