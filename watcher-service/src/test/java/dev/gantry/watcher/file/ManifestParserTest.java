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

    private static String routes(int count, int editedAt) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("""
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata:
                      name: r-%d
                      namespace: apps
                    spec:
                      hostnames: [h-%d.example.com]
                    ---
                    """.formatted(i, i == editedAt ? 1_000_000 + i : i));
        }
        return text.toString();
    }

    /**
     * A big file edited in one place costs one document, not the file: the documents whose text did not change are
     * known (only their lines move), and what they give is exactly what a fresh parser gives.
     */
    @Test
    void anEditOfABigFileParsesOnlyTheChangedDocument() {
        ParsedManifest first = parser.parse("file:big.yaml", routes(2000, -1));
        assertThat(parser.lastParsed()).as("every document, and the empty one after the last marker").isEqualTo(2001);
        assertThat(first.objects()).hasSize(2000);

        String edited = "# a comment moves every line down\n" + routes(2000, 1500);
        ParsedManifest second = parser.parse("file:big.yaml", edited);

        assertThat(parser.lastParsed()).as("the edited document, and the first one (it holds the comment now)").isEqualTo(2);
        ParsedManifest fresh = new ManifestParser(new ResourceObjects()).parse("file:big.yaml", edited);
        assertThat(second).isEqualTo(fresh);
        assertThat(second.objects().get(1500).json()).contains("h-1001500.example.com");
        assertThat(second.objects().get(1999).line()).isEqualTo(first.objects().get(1999).line() + 1);
    }

    /** A file that takes longer than the budget is refused as a whole, quickly, saying why; nothing of it is used. */
    @Test
    void aFileSlowerThanTheBudgetIsRefusedAndKeepsWhatItPublishedBefore() {
        ManifestParser hurried = new ManifestParser(new ResourceObjects(), java.time.Duration.ofMillis(20));
        String text = routes(20_000, -1);

        ParsedManifest manifest = hurried.parse("file:huge.yaml", text);

        assertThat(manifest.objects()).isEmpty();
        assertThat(manifest.keepsPreviousObjects()).isTrue();
        assertThat(manifest.problems()).singleElement().satisfies(problem -> assertThat(problem.message())
                .contains("took longer than PT0.02S", "gantry.watcher.file.parse-budget", "of 20001 documents read"));
    }
}
