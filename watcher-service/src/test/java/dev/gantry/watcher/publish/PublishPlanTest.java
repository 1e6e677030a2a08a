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

    /**
     * On a topic that holds a listing's state (its plan applied), the plan for the keys that changed since, plus the
     * keys published from the files that changed, is the whole plan of the next listing: the same records.
     */
    @Test
    void thePlanForTheChangedKeysIsTheWholePlanWhenTheTopicHoldsTheStateBefore() {
        java.util.Random random = new java.util.Random(11);
        for (int round = 0; round < 300; round++) {
            Map<ResourceKey, ResourceObject> before = randomState(random);
            Set<String> retainedBefore = random.nextInt(4) == 0 ? Set.of("file:f1.yaml") : Set.of();
            Map<ResourceKey, PublishedResource> topic = new java.util.HashMap<>();
            if (random.nextBoolean()) { // something published from the retained file earlier, or from elsewhere
                ResourceObject old = service("s" + random.nextInt(8), "file:f" + random.nextInt(3) + ".yaml",
                        "{port: 9}", Map.of());
                topic.put(old.key(), as(old, 1));
            }
            apply(topic, PublishPlan.between(topic, new SourceListing("file:", List.copyOf(before.values()),
                    retainedBefore)));

            // one file changes: its objects come, go or change; it may break (retained) or mend
            String file = "file:f" + random.nextInt(3) + ".yaml";
            Map<ResourceKey, ResourceObject> after = new java.util.HashMap<>(before);
            Set<ResourceKey> changedKeys = new java.util.HashSet<>();
            before.values().stream().filter(o -> o.source().equals(file)).forEach(o -> {
                after.remove(o.key());
                changedKeys.add(o.key());
            });
            for (int i = random.nextInt(3); i > 0; i--) {
                ResourceObject object = service("s" + random.nextInt(8), file, "{port: " + random.nextInt(3) + "}",
                        Map.of());
                after.put(object.key(), object);
                changedKeys.add(object.key());
            }
            Set<String> retainedAfter = new java.util.HashSet<>(retainedBefore);
            if (random.nextInt(4) == 0) {
                retainedAfter.add(file);
            } else {
                retainedAfter.remove(file);
            }
            SourceListing whole = new SourceListing("file:", List.copyOf(after.values()), retainedAfter);
            Set<ResourceKey> looked = new java.util.HashSet<>(changedKeys);
            topic.forEach((key, published) -> {
                if (published.source().equals(file)) {
                    looked.add(key);
                }
            });

            PublishPlan expected = PublishPlan.between(topic, whole);
            PublishPlan changes = PublishPlan.forKeys(looked, after::get, topic::get, "file:", retainedAfter, 0);
            assertThat(changes.upserts()).as("round %d", round)
                    .containsExactlyInAnyOrderElementsOf(expected.upserts());
            assertThat(changes.tombstones()).as("round %d", round).isEqualTo(expected.tombstones());
        }
    }

    /** Up to 8 Services over 3 files, each key in one file. */
    private Map<ResourceKey, ResourceObject> randomState(java.util.Random random) {
        Map<ResourceKey, ResourceObject> state = new java.util.HashMap<>();
        for (int i = random.nextInt(8); i > 0; i--) {
            ResourceObject object = service("s" + random.nextInt(8), "file:f" + random.nextInt(3) + ".yaml",
                    "{port: " + random.nextInt(3) + "}", Map.of());
            state.put(object.key(), object);
        }
        return state;
    }

    /** What the publisher records once Kafka acknowledged a plan. */
    private static void apply(Map<ResourceKey, PublishedResource> topic, PublishPlan plan) {
        plan.upserts().forEach(u -> topic.put(u.object().key(), as(u.object(), u.generation())));
        plan.tombstones().forEach(t -> topic.remove(t.key()));
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
