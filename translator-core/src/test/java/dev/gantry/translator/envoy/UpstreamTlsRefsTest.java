package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.condition;
import static dev.gantry.translator.envoy.TranslationFixtures.parent;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.TestTls;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.TestResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An Upstream's TLS from Kubernetes objects: the client certificate of a Secret ({@code sslConfig.secretRef},
 * served over SDS with its key still sealed), the CA of a ConfigMap or Secret ({@code rootCaRef}) or of the
 * client certificate's Secret ({@code ca.crt}); bad references on the Upstream's status, naming the field; and a
 * kept translator following the objects as they change.
 */
class UpstreamTlsRefsTest {

    private static final String PEM = new String(Base64.getDecoder().decode(TestTls.CERTIFICATE_BASE64),
            StandardCharsets.UTF_8);

    private static final String WORLD = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: gw}
            spec:
              gatewayClassName: gantry
              listeners: [{name: http, port: 80, protocol: HTTP}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: apps, name: r}
            spec:
              parentRefs: [{name: gw}]
              rules:
              - matches: [{path: {type: PathPrefix, value: /up}}]
                backendRefs: [{group: gateway.gantry.dev, kind: Upstream, name: up}]
              - matches: [{path: {type: PathPrefix, value: /other}}]
                backendRefs: [{group: gateway.gantry.dev, kind: Upstream, name: plain}]
            ---
            apiVersion: gateway.gantry.dev/v1alpha1
            kind: Upstream
            metadata: {namespace: apps, name: plain}
            spec:
              static: {hosts: [{addr: 192.0.2.9, port: 80}]}
            """;

    private static String upstream(String sslConfig) {
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: Upstream
                metadata: {namespace: apps, name: up}
                spec:
                  static: {hosts: [{addr: api.partner.example, port: 443}]}
                  sslConfig: %s
                """.formatted(sslConfig);
    }

    /** A TLS Secret as the watcher publishes it: {@code tls.key} sealed; {@code ca.crt} when {@code ca} is set. */
    private static String clientSecret(String namespace, String name, String ca) {
        return clientSecret(namespace, name, ca, TestTls.sealedKey(namespace, name));
    }

    private static String clientSecret(String namespace, String name, String ca, String sealedKey) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {namespace: %s, name: %s}
                type: kubernetes.io/tls
                data: {tls.crt: %s, tls.key: '%s'%s}
                """.formatted(namespace, name, TestTls.CERTIFICATE_BASE64, sealedKey,
                ca == null ? "" : ", ca.crt: " + base64(ca));
    }

    private static String caConfigMap(String namespace, String name, String pem) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {namespace: %s, name: %s}
                data:
                  ca.crt: |
                %s
                """.formatted(namespace, name, pem.indent(4).stripTrailing());
    }

    @Test
    void theClientCertificateIsServedOverSdsWithItsKeySealedAndTheSecretsCaVerifiesTheBackend() throws Exception {
        String sealedKey = TestTls.sealedKey("apps", "client");
        TranslationResult result = translate(CLASS, WORLD, upstream("{secretRef: {name: client}}"),
                clientSecret("apps", "client", PEM, sealedKey));

        EnvoyResources resources = result.gateways().get("apps/gw");
        UpstreamTlsContext tls = tlsOf(cluster(resources, "upstream_apps_up"));
        assertThat(tls.getCommonTlsContext().getTlsCertificateSdsSecretConfigsList())
                .singleElement().satisfies(sds -> {
                    assertThat(sds.getName()).isEqualTo("apps/client");
                    assertThat(sds.getSdsConfig().hasAds()).isTrue();
                });
        assertThat(tls.getCommonTlsContext().getValidationContext().getTrustedCa().getInlineString()).isEqualTo(PEM);
        assertThat(tls.getSni()).isEqualTo("api.partner.example");
        Secret secret = resources.secrets().stream().filter(s -> s.getName().equals("apps/client")).findFirst()
                .orElseThrow();
        assertThat(secret.getTlsCertificate().getCertificateChain().getInlineString()).isEqualTo(PEM);
        // only xds-service opens it: the snapshot carries the watcher's envelope, never the key
        assertThat(secret.getTlsCertificate().getPrivateKey().getInlineString()).isEqualTo(sealedKey)
                .startsWith("gantry-enc:");
        ResourceStatus upstream = status(result, "Upstream", "apps", "up");
        assertThat(state(upstream.getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(upstream.getConditionsList(), "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
        assertThat(routeTo(resources, "/up").getRoute().getCluster()).isEqualTo("upstream_apps_up");
        assertValid(resources);
    }

    @Test
    void withoutACaInTheSecretTheBackendIsVerifiedWithTheSystemRootsAndAnInlineRootCaWinsOverTheSecrets() throws Exception {
        CertificateValidationContext system = tlsOf(cluster(translate(CLASS, WORLD,
                upstream("{secretRef: {name: client}}"), clientSecret("apps", "client", null))
                .gateways().get("apps/gw"), "upstream_apps_up")).getCommonTlsContext().getValidationContext();
        assertThat(system.hasSystemRootCerts()).isTrue();

        String inline = PEM + PEM;
        String sslConfig = "{secretRef: {name: client}, rootCa: '" + inline.replace("\n", "\\n") + "'}";
        CertificateValidationContext own = tlsOf(cluster(translate(CLASS, WORLD,
                upstream(sslConfig.replace("'", "\"")), clientSecret("apps", "client", PEM))
                .gateways().get("apps/gw"), "upstream_apps_up")).getCommonTlsContext().getValidationContext();
        assertThat(own.getTrustedCa().getInlineString()).isEqualTo(inline);
    }

    @ParameterizedTest
    @CsvSource({"ConfigMap", "Secret"})
    void rootCaRefTakesTheCaOfAConfigMapOrSecretWithoutAnyClientCertificate(String kind) throws Exception {
        String ca = kind.equals("ConfigMap") ? caConfigMap("apps", "ca", PEM) : """
                apiVersion: v1
                kind: Secret
                metadata: {namespace: apps, name: ca}
                data: {ca.crt: %s}
                """.formatted(base64(PEM));
        TranslationResult result = translate(CLASS, WORLD, upstream("{rootCaRef: {kind: " + kind + ", name: ca}}"), ca);

        EnvoyResources resources = result.gateways().get("apps/gw");
        UpstreamTlsContext tls = tlsOf(cluster(resources, "upstream_apps_up"));
        assertThat(tls.getCommonTlsContext().getValidationContext().getTrustedCa().getInlineString()).isEqualTo(PEM);
        assertThat(tls.getCommonTlsContext().getTlsCertificateSdsSecretConfigsCount()).isZero();
        assertThat(resources.secrets()).isEmpty();
        assertThat(state(status(result, "Upstream", "apps", "up").getConditionsList(), "ResolvedRefs"))
                .isEqualTo("True/ResolvedRefs");
        assertValid(resources);
    }

    /** Each bad reference: the Upstream's ResolvedRefs names the field, its rule answers 500, the other rule works. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {secretRef: {name: client}}                   | none     | InvalidCertificateRef   | spec.sslConfig.secretRef: Secret apps/client not found
            {secretRef: {name: client}}                   | no-key   | InvalidCertificateRef   | spec.sslConfig.secretRef: Secret apps/client lacks tls.crt or tls.key
            {secretRef: {name: client}}                   | bad-cert | InvalidCertificateRef   | spec.sslConfig.secretRef: Secret apps/client: tls.crt is not a PEM X.509 certificate
            {secretRef: {name: client, namespace: vault}} | vault    | RefNotPermitted         | spec.sslConfig.secretRef: certificateRef vault/client is in another namespace
            {rootCaRef: {kind: ConfigMap, name: ca}}      | none     | InvalidCACertificateRef | spec.sslConfig.rootCaRef: ConfigMap apps/ca not found, or it has no ca.crt
            {rootCaRef: {kind: ConfigMap, name: ca}}      | bad-ca   | InvalidCACertificateRef | spec.sslConfig.rootCaRef: ConfigMap apps/ca: ca.crt is not a PEM X.509 certificate
            {rootCaRef: {kind: ConfigMap, name: ca, namespace: vault}} | vault-ca | RefNotPermitted | spec.sslConfig.rootCaRef: caCertificateRef ConfigMap vault/ca is in another namespace
            """)
    void aBadReferenceIsReportedOnTheUpstreamNamingTheFieldAndOnlyItsRuleAnswers500(String sslConfig, String object,
            String reason, String message) {
        String objects = switch (object) {
            case "no-key" -> """
                    apiVersion: v1
                    kind: Secret
                    metadata: {namespace: apps, name: client}
                    data: {tls.crt: %s}
                    """.formatted(TestTls.CERTIFICATE_BASE64);
            case "bad-cert" -> """
                    apiVersion: v1
                    kind: Secret
                    metadata: {namespace: apps, name: client}
                    data: {tls.crt: %s, tls.key: %s}
                    """.formatted(base64("not a certificate"), base64(TestTls.PEM_KEY));
            case "vault" -> clientSecret("vault", "client", null);
            case "bad-ca" -> caConfigMap("apps", "ca", "not a certificate");
            case "vault-ca" -> caConfigMap("vault", "ca", PEM);
            default -> "";
        };
        TranslationResult result = translate(CLASS, WORLD, upstream(sslConfig), objects);

        ResourceStatus upstream = status(result, "Upstream", "apps", "up");
        assertThat(state(upstream.getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(upstream.getConditionsList(), "ResolvedRefs")).isEqualTo("False/" + reason);
        assertThat(condition(upstream.getConditionsList(), "ResolvedRefs").getMessage()).startsWith(message);
        EnvoyResources resources = result.gateways().get("apps/gw");
        assertThat(routeTo(resources, "/up").getDirectResponse().getStatus()).isEqualTo(500);
        assertThat(routeTo(resources, "/other").getRoute().getCluster()).isEqualTo("upstream_apps_plain");
        assertThat(resources.clusters()).extracting(Cluster::getName).containsExactly("upstream_apps_plain");
        assertThat(resources.secrets()).isEmpty();
        ResourceStatus route = status(result, "HTTPRoute", "apps", "r");
        assertThat(condition(parent(route, "gw", null).getConditionsList(), "ResolvedRefs").getMessage())
                .contains("Upstream apps/up: " + message);
        assertValid(resources);
    }

    @Test
    void anotherNamespacesSecretAndConfigMapAreUsedOnceAReferenceGrantAllowsUpstreamsToReachThem() throws Exception {
        TranslationResult result = translate(CLASS, WORLD,
                upstream("{secretRef: {name: client, namespace: vault}, rootCaRef: {kind: ConfigMap, name: ca, namespace: vault}}"),
                clientSecret("vault", "client", null), caConfigMap("vault", "ca", PEM), """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {namespace: vault, name: upstream-tls}
                spec:
                  from: [{group: gateway.gantry.dev, kind: Upstream, namespace: apps}]
                  to: [{group: '', kind: Secret}, {group: '', kind: ConfigMap}]
                """);

        EnvoyResources resources = result.gateways().get("apps/gw");
        UpstreamTlsContext tls = tlsOf(cluster(resources, "upstream_apps_up"));
        assertThat(tls.getCommonTlsContext().getTlsCertificateSdsSecretConfigs(0).getName()).isEqualTo("vault/client");
        assertThat(tls.getCommonTlsContext().getValidationContext().getTrustedCa().getInlineString()).isEqualTo(PEM);
        assertThat(resources.secrets()).extracting(Secret::getName).containsExactly("vault/client");
        assertThat(state(status(result, "Upstream", "apps", "up").getConditionsList(), "ResolvedRefs"))
                .isEqualTo("True/ResolvedRefs");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {secretRef: {}}                                                      | spec.sslConfig.secretRef.name: required
            {rootCaRef: {kind: Service, name: ca}}                               | spec.sslConfig.rootCaRef.kind: must be ConfigMap or Secret
            {rootCaRef: {kind: ConfigMap}}                                       | spec.sslConfig.rootCaRef.name: required
            '{rootCa: "-----BEGIN CERTIFICATE-----", rootCaRef: {kind: ConfigMap, name: ca}}' | spec.sslConfig: at most one of rootCa and rootCaRef
            """)
    void aMalformedReferenceIsAnInvalidUpstream(String sslConfig, String message) {
        TranslationResult result = translate(CLASS, WORLD, upstream(sslConfig), caConfigMap("apps", "ca", PEM));

        ResourceStatus upstream = status(result, "Upstream", "apps", "up");
        assertThat(state(upstream.getConditionsList(), "Accepted")).isEqualTo("False/Invalid");
        assertThat(condition(upstream.getConditionsList(), "Accepted").getMessage()).isEqualTo(message);
        assertThat(routeTo(result.gateways().get("apps/gw"), "/up").getDirectResponse().getStatus()).isEqualTo(500);
    }

    /** The kept translator reads the Secret and ConfigMap again when they change, and only then. */
    @Test
    void aKeptTranslatorFollowsTheSecretAndTheConfigMapAsTheyChangeAndGo() throws Exception {
        ResourceIndex index = TestResources.index(CLASS, WORLD,
                upstream("{secretRef: {name: client}, rootCaRef: {kind: ConfigMap, name: ca}}"),
                clientSecret("apps", "client", null), caConfigMap("apps", "ca", PEM));
        GatewayTranslator translator = new GatewayTranslator();
        EnvoyResources first = translator.translateAll(index).gateways().get("apps/gw");
        assertThat(tlsOf(cluster(first, "upstream_apps_up")).getCommonTlsContext().getValidationContext()
                .getTrustedCa().getInlineString()).isEqualTo(PEM);

        // the CA bundle rotates: the cluster is built again with it
        apply(index, caConfigMap("apps", "ca", PEM + PEM));
        TranslationResult rotated = translator.translateAll(index);
        assertThat(tlsOf(cluster(rotated.gateways().get("apps/gw"), "upstream_apps_up")).getCommonTlsContext()
                .getValidationContext().getTrustedCa().getInlineString()).isEqualTo(PEM + PEM);

        // the Secret loses its key: the Upstream says so, its rule answers 500, nothing serves the certificate
        apply(index, """
                apiVersion: v1
                kind: Secret
                metadata: {namespace: apps, name: client}
                data: {tls.crt: %s}
                """.formatted(TestTls.CERTIFICATE_BASE64));
        TranslationResult broken = translator.translateAll(index);
        assertThat(state(status(broken, "Upstream", "apps", "up").getConditionsList(), "ResolvedRefs"))
                .isEqualTo("False/InvalidCertificateRef");
        assertThat(routeTo(broken.gateways().get("apps/gw"), "/up").getDirectResponse().getStatus()).isEqualTo(500);
        assertThat(broken.gateways().get("apps/gw").secrets()).isEmpty();

        // repaired, then the ConfigMap deleted
        apply(index, clientSecret("apps", "client", null));
        assertThat(translator.translateAll(index).gateways().get("apps/gw").secrets()).extracting(Secret::getName)
                .containsExactly("apps/client");
        index.apply(ResourceKey.of("v1", "ConfigMap", "apps", "ca"), null);
        TranslationResult noCa = translator.translateAll(index);
        assertThat(state(status(noCa, "Upstream", "apps", "up").getConditionsList(), "ResolvedRefs"))
                .isEqualTo("False/InvalidCACertificateRef");
        assertThat(routeTo(noCa.gateways().get("apps/gw"), "/up").getDirectResponse().getStatus()).isEqualTo(500);
        // and a fresh translator agrees with the kept one
        assertThat(noCa).isEqualTo(new GatewayTranslator().translateAll(index));
    }

    private static void apply(ResourceIndex index, String yaml) {
        TestResources.records(yaml).forEach(record -> index.apply(record.key(), record.event()));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static UpstreamTlsContext tlsOf(Cluster cluster) throws InvalidProtocolBufferException {
        assertThat(cluster.getTransportSocket().getName()).isEqualTo("envoy.transport_sockets.tls");
        return cluster.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
    }

    private static Cluster cluster(EnvoyResources resources, String name) {
        return resources.clusters().stream().filter(cluster -> cluster.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no cluster " + name + " in " + resources.clusters()));
    }

    private static Route routeTo(EnvoyResources resources, String prefix) {
        return resources.routeConfigurations().stream().flatMap(configuration -> configuration.getVirtualHostsList().stream())
                .flatMap(host -> host.getRoutesList().stream())
                .filter(route -> route.getMatch().getPrefix().equals(prefix) || route.getMatch().getPath().equals(prefix))
                .findFirst().orElseThrow(() -> new AssertionError("no route for " + prefix));
    }
}
