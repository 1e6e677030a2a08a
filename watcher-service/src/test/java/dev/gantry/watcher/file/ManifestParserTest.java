package dev.gantry.watcher.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.gantry.watcher.resource.ResourceObject;
import dev.gantry.watcher.resource.ResourceObjects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ManifestParserTest {

    private final ManifestParser parser = new ManifestParser(new ResourceObjects());
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void readsEveryDocumentWithItsLine() {
        ParsedManifest manifest = parser.parse("file:a.yaml", """
                # leading comment
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: echo
                  namespace: apps
                ---
                # only a comment: no document
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: echo
                spec:
                  ports:
                  - port: 8080
                """);

        assertThat(manifest.problems()).isEmpty();
        assertThat(manifest.objects()).extracting(o -> o.key().toString(), ResourceObject::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("gateway.networking.k8s.io/HTTPRoute/apps/echo", 2),
                        org.assertj.core.groups.Tuple.tuple("/Service/default/echo", 10));
        assertThat(manifest.objects()).allMatch(o -> o.source().equals("file:a.yaml"));
    }

    @Test
    void namespacedKindsDefaultToDefaultAndClusterScopedKindsHaveNone() {
        List<ResourceObject> objects = parser.parse("file:a.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: gantry, namespace: ignored}
                spec: {controllerName: gantry.dev/gateway-controller}
                """).objects();

        assertThat(objects.get(0).namespace()).isEqualTo("default");
        assertThat(json.readTree(objects.get(0).json()).at("/metadata/namespace").asString()).isEqualTo("default");
        assertThat(objects.get(1).namespace()).isEmpty();
        assertThat(objects.get(1).key().toString()).isEqualTo("gateway.networking.k8s.io/GatewayClass//gantry");
        assertThat(json.readTree(objects.get(1).json()).at("/metadata").has("namespace")).isFalse();
    }

    @Test
    void convertsToJsonKeepingTypesAndTimestampText() {
        ResourceObject object = parser.parse("file:a.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: cm
                  creationTimestamp: 2024-05-01T10:00:00Z
                  generation: 7
                data:
                  count: 3
                  ratio: 0.5
                  enabled: true
                  empty: null
                  quoted: "007"
                  list: [a, b]
                """).objects().get(0);

        JsonNode tree = json.readTree(object.json());
        assertThat(tree.at("/metadata/creationTimestamp").isString()).isTrue();
        assertThat(tree.at("/metadata/creationTimestamp").asString()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(tree.at("/data/count").isInt()).isTrue();
        assertThat(tree.at("/data/ratio").asDouble()).isEqualTo(0.5);
        assertThat(tree.at("/data/enabled").isBoolean()).isTrue();
        assertThat(tree.at("/data/empty").isNull()).isTrue();
        assertThat(tree.at("/data/quoted").asString()).isEqualTo("007");
        assertThat(tree.at("/data/list/1").asString()).isEqualTo("b");
        assertThat(object.declaredGeneration()).isEqualTo(7L);
    }

    @Test
    void aSyntaxErrorSkipsOnlyItsDocumentAndNamesItsLine() {
        ParsedManifest manifest = parser.parse("file:a.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: first}
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: [broken
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: third}
                """);

        assertThat(manifest.objects()).extracting(ResourceObject::name).containsExactly("first", "third");
        assertThat(manifest.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.unparsable()).isTrue();
            assertThat(problem.line()).isEqualTo(8);
            assertThat(problem.message()).isEqualTo(
                    "while parsing a flow sequence started at line 8: expected ',' or ']', but got <stream end>");
        });
        assertThat(manifest.keepsPreviousObjects()).isTrue();
    }

    @Test
    void documentsThatAreNotResourcesAreProblemsWithTheirLine() {
        ParsedManifest manifest = parser.parse("file:a.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  namespace: apps
                ---
                - just
                - a list
                ---
                kind: Service
                metadata: {name: x}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: fine}
                """);

        assertThat(manifest.objects()).extracting(ResourceObject::name).containsExactly("fine");
        assertThat(manifest.problems()).extracting(ManifestProblem::line, ManifestProblem::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "metadata.name is missing"),
                        org.assertj.core.groups.Tuple.tuple(6, "document is not a mapping"),
                        org.assertj.core.groups.Tuple.tuple(9, "apiVersion is missing"));
        assertThat(manifest.keepsPreviousObjects()).isFalse();
    }

    @Test
    void duplicateFieldsAndSlashesInNamesAreRejected() {
        ParsedManifest manifest = parser.parse("file:a.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: a}
                metadata: {name: b}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: a/b}
                """);

        assertThat(manifest.objects()).isEmpty();
        assertThat(manifest.problems()).hasSize(2);
        assertThat(manifest.problems().get(0).message()).contains("duplicate key");
        assertThat(manifest.problems().get(1).message()).contains("metadata.name is not a valid name");
    }

    @Test
    void anEmptyFileHasNothing() {
        assertThat(parser.parse("file:a.yaml", "").objects()).isEmpty();
        assertThat(parser.parse("file:a.yaml", "---\n# nothing\n...\n").problems()).isEmpty();
    }
}
