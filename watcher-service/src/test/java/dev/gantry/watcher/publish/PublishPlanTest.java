package dev.gantry.watcher.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.gantry.proto.ResourceKey;
import dev.gantry.watcher.resource.ResourceObject;
import dev.gantry.watcher.resource.ResourceObjects;

class PublishPlanTest {

    private final ResourceObjects resourceObjects = new ResourceObjects();

    @Test
    void publishesNewAndChangedObjectsOnly() {
        ResourceObject same = service("same", "file:a.yaml", "{port: 1}", Map.of());
        ResourceObject changed = service("changed", "file:a.yaml", "{port: 2}", Map.of());
        ResourceObject fresh = service("fresh", "file:a.yaml", "{port: 1}", Map.of());
        Map<ResourceKey, PublishedResource> published = published(
                as(same, 3),
                as(service("changed", "file:a.yaml", "{port: 1}", Map.of()), 4));

        PublishPlan plan = PublishPlan.between(published, listing(Set.of(), same, changed, fresh));

        assertThat(plan.unchanged()).isEqualTo(1);
        assertThat(plan.upserts()).extracting(u -> u.object().name(), PublishPlan.Upsert::generation)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("changed", 5L),
                        org.assertj.core.groups.Tuple.tuple("fresh", 1L));
        assertThat(plan.tombstones()).isEmpty();
    }

    @Test
    void aMetadataOnlyChangeKeepsTheGenerationAndADeclaredOneWins() {
        ResourceObject relabelled = service("s", "file:a.yaml", "{port: 1}", Map.of("labels", "{a: b}"));
        ResourceObject declared = service("d", "file:a.yaml", "{port: 1}", Map.of("generation", "42"));
        Map<ResourceKey, PublishedResource> published = published(
                as(service("s", "file:a.yaml", "{port: 1}", Map.of()), 2),
                as(service("d", "file:a.yaml", "{port: 9}", Map.of()), 2));

        PublishPlan plan = PublishPlan.between(published, listing(Set.of(), relabelled, declared));

        assertThat(plan.upserts()).extracting(u -> u.object().name(), PublishPlan.Upsert::generation)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("s", 2L),
                        org.assertj.core.groups.Tuple.tuple("d", 42L));
    }

    @Test
    void aMovedObjectIsRepublishedWithItsNewSource() {
        ResourceObject moved = service("s", "file:b.yaml", "{port: 1}", Map.of());
        Map<ResourceKey, PublishedResource> published = published(
                as(service("s", "file:a.yaml", "{port: 1}", Map.of()), 1));

        PublishPlan plan = PublishPlan.between(published, listing(Set.of(), moved));

        assertThat(plan.upserts()).singleElement().satisfies(u -> {
            assertThat(u.object().source()).isEqualTo("file:b.yaml");
            assertThat(u.generation()).isEqualTo(1);
        });
        assertThat(plan.tombstones()).isEmpty();
    }

    @Test
    void deletesVanishedKeysOfItsSourcesExceptRetainedOnes() {
        Map<ResourceKey, PublishedResource> published = published(
                as(service("gone", "file:a.yaml", "{port: 1}", Map.of()), 1),
                as(service("kept", "file:broken.yaml", "{port: 1}", Map.of()), 1),
                as(service("theirs", "kubernetes", "{port: 1}", Map.of()), 1));

        PublishPlan plan = PublishPlan.between(published, listing(Set.of("file:broken.yaml")));

        assertThat(plan.tombstones()).extracting(t -> t.key().name()).containsExactly("gone");
        assertThat(plan.upserts()).isEmpty();
    }

    private ResourceObject service(String name, String source, String spec, Map<String, String> metadata) {
        String extra = metadata.entrySet().stream().map(e -> ", " + e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining());
        String yaml = "apiVersion: v1\nkind: Service\nmetadata: {name: " + name + extra + "}\nspec: " + spec + "\n";
        Object document = new org.yaml.snakeyaml.Yaml().load(yaml);
        return resourceObjects.fromDocument(document, source, 1);
    }

    private static PublishedResource as(ResourceObject object, long generation) {
        return new PublishedResource(object.key(), object.source(), object.json(), object.contentDigest(),
                generation, object.specDigest());
    }

    private static Map<ResourceKey, PublishedResource> published(PublishedResource... resources) {
        return List.of(resources).stream().collect(Collectors.toMap(PublishedResource::key, Function.identity()));
    }

    private static SourceListing listing(Set<String> retained, ResourceObject... objects) {
        return new SourceListing("file:", List.of(objects), retained);
    }
}
