package dev.gantry.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gantry.model.auth.AuthConfig;
import dev.gantry.model.common.GantryStatus;
import dev.gantry.model.options.HttpListenerOption;
import dev.gantry.model.options.ListenerOption;
import dev.gantry.model.options.RouteOption;
import dev.gantry.model.options.VirtualHostOption;
import dev.gantry.model.parameters.GatewayParameters;
import dev.gantry.model.ratelimit.RateLimitConfig;
import dev.gantry.model.upstream.Upstream;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CRDs in k8s/crds and the Java model describe the same kinds, and sample manifests pass both. */
class GantryCrdsTest {

    static final Path CRDS = Path.of("..", "k8s", "crds");
    static final Path SAMPLES = Path.of("src", "test", "resources", "samples");

    /** Binds with the model's own annotations but rejects fields the model does not know. */
    static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Class<? extends CustomResource<?, ?>>> kinds() {
        return Stream.of(RouteOption.class, VirtualHostOption.class, HttpListenerOption.class, ListenerOption.class,
                Upstream.class, GatewayParameters.class, RateLimitConfig.class, AuthConfig.class);
    }

    @Test
    void everyCrdFileIsOneOfTheModelsKinds() throws IOException {
        Set<String> modelFiles = kinds().map(kind -> HasMetadata.getSingular(kind) + ".yaml")
                .collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(CRDS)) {
            assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
                    .filter(name -> !name.equals("kustomization.yaml")))
                    .containsExactlyInAnyOrderElementsOf(modelFiles);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void crdNamesTheJavaKind(Class<? extends CustomResource<?, ?>> kind) throws IOException {
        CustomResourceDefinition crd = crd(kind);

        assertThat(crd.getMetadata().getName()).isEqualTo(HasMetadata.getFullResourceName(kind));
        assertThat(crd.getSpec().getGroup()).isEqualTo(HasMetadata.getGroup(kind)).isEqualTo(GantryApi.GROUP);
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo(HasMetadata.getKind(kind));
        assertThat(crd.getSpec().getNames().getListKind()).isEqualTo(HasMetadata.getKind(kind) + "List");
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(HasMetadata.getPlural(kind));
        assertThat(crd.getSpec().getNames().getSingular()).isEqualTo(HasMetadata.getSingular(kind));
        assertThat(crd.getSpec().getNames().getShortNames())
                .containsExactly(kind.getAnnotation(ShortNames.class).value());
        assertThat(crd.getSpec().getNames().getCategories()).containsExactly("gantry");

        CustomResourceDefinitionVersion version = onlyVersion(crd);
        assertThat(version.getName()).isEqualTo(HasMetadata.getVersion(kind)).isEqualTo(GantryApi.VERSION);
        assertThat(version.getServed()).isTrue();
        assertThat(version.getStorage()).isTrue();
        assertThat(version.getSubresources().getStatus()).isNotNull();
        assertThat(version.getAdditionalPrinterColumns()).extracting("name").contains("Accepted", "Age");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void schemaIsStructural(Class<? extends CustomResource<?, ?>> kind) throws IOException {
        JSONSchemaProps schema = schema(kind);

        assertThat(StructuralSchema.structuralProblems(schema)).isEmpty();
        assertThat(schema.getProperties()).containsKeys("spec", "status");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void modelBindsEveryFieldOfTheSchema(Class<? extends CustomResource<?, ?>> kind) throws IOException {
        JSONSchemaProps schema = schema(kind);

        assertRoundTrips(MaximalSample.of(schema.getProperties().get("spec")), typeArgument(kind, 0));
        assertRoundTrips(MaximalSample.of(schema.getProperties().get("status")), GantryStatus.class);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void sampleManifestPassesTheSchemaAndBindsToTheModel(Class<? extends CustomResource<?, ?>> kind)
            throws IOException {
        String yaml = Files.readString(SAMPLES.resolve(HasMetadata.getSingular(kind) + ".yaml"));
        JsonNode sample = YAML.readTree(yaml);

        assertThat(StructuralSchema.validate(sample, schema(kind))).isEmpty();
        CustomResource<?, ?> resource = Serialization.unmarshal(yaml, kind);
        assertThat(resource.getKind()).isEqualTo(HasMetadata.getKind(kind));
        assertThat(resource.getApiVersion()).isEqualTo(GantryApi.API_VERSION);
        assertThat(resource.getSpec()).isNotNull();
        STRICT.treeToValue(sample.get("spec"), typeArgument(kind, 0));
    }

    @Test
    void schemaRejectsWhatTheApiServerWould() throws IOException {
        JSONSchemaProps schema = schema(RouteOption.class);
        ObjectNode route = (ObjectNode) YAML.readTree(Files.readString(SAMPLES.resolve("routeoption.yaml")));
        ObjectNode options = (ObjectNode) route.get("spec").get("options");

        options.put("timeout", "soon");
        options.put("lbHash", "not a field of ours");
        options.putObject("faults").putObject("abort").put("httpStatus", 99);
        options.putObject("extauth").put("disable", true).putObject("configRef").put("name", "a");
        ((ObjectNode) route.get("spec").get("targetRefs").get(0)).remove("kind");

        assertThat(StructuralSchema.validate(route, schema)).containsExactlyInAnyOrder(
                ".spec.options.timeout: 'soon' does not match ^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$",
                ".spec.options.lbHash: unknown field",
                ".spec.options.faults.abort.httpStatus: below 200.0",
                ".spec.options.extauth: more than 1 fields",
                ".spec.targetRefs[0]: missing required field kind");
    }

    @Test
    void modelRejectsAFieldTheCrdDoesNotHave() {
        JsonNode spec = Serialization.unmarshal("{\"raw\": {\"descriptors\": [{\"key\": \"k\", \"limit\": 3}]}}",
                JsonNode.class);

        assertThatThrownBy(() -> STRICT.treeToValue(spec, typeArgument(RateLimitConfig.class, 0)))
                .hasMessageContaining("limit");
    }

    private static void assertRoundTrips(JsonNode sample, Class<?> type) throws IOException {
        Object bound = STRICT.treeToValue(sample, type);
        JsonNode written = STRICT.valueToTree(bound);
        assertThat(written.equals(GantryCrdsTest::sameValue, sample))
                .as("%s binds and writes back %s, got %s", type.getSimpleName(), sample, written)
                .isTrue();
    }

    private static int sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
    }

    static CustomResourceDefinition crd(Class<? extends HasMetadata> kind) throws IOException {
        return Serialization.unmarshal(Files.readString(CRDS.resolve(HasMetadata.getSingular(kind) + ".yaml")),
                CustomResourceDefinition.class);
    }

    private static JSONSchemaProps schema(Class<? extends HasMetadata> kind) throws IOException {
        return onlyVersion(crd(kind)).getSchema().getOpenAPIV3Schema();
    }

    private static CustomResourceDefinitionVersion onlyVersion(CustomResourceDefinition crd) {
        List<CustomResourceDefinitionVersion> versions = crd.getSpec().getVersions();
        assertThat(versions).hasSize(1);
        return versions.get(0);
    }

    private static Class<?> typeArgument(Class<?> kind, int index) {
        Type argument = ((ParameterizedType) kind.getGenericSuperclass()).getActualTypeArguments()[index];
        return (Class<?>) argument;
    }
}
