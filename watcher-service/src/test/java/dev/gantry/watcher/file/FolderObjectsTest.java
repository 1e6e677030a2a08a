package dev.gantry.watcher.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.gantry.proto.ResourceKey;
import dev.gantry.watcher.resource.ResourceObject;
import dev.gantry.watcher.resource.ResourceObjects;

/**
 * Kept file by file, the folder's objects are always what {@link FolderListing#of} gives over every file: the same
 * objects in the same order, the same retained files and warnings; and every key a file change could move is among
 * the keys it reports, so a publisher looking at those alone misses nothing.
 */
class FolderObjectsTest {

    private final ManifestParser parser = new ManifestParser(new ResourceObjects());

    @Test
    void equalsAListingOfEveryFileOverRandomChanges() {
        for (int seed = 0; seed < 8; seed++) {
            Random random = new Random(seed);
            FolderObjects objects = new FolderObjects();
            TreeMap<String, ParsedManifest> files = new TreeMap<>();
            for (int step = 0; step < 150; step++) {
                String source = "file:" + (char) ('a' + random.nextInt(8)) + "/f" + random.nextInt(4) + ".yaml";
                Map<ResourceKey, ResourceObject> before = resolved(objects, files);
                Set<ResourceKey> moved;
                if (random.nextInt(5) == 0) {
                    files.remove(source);
                    moved = objects.remove(source);
                } else {
                    ParsedManifest manifest = parser.parse(source, randomFile(random));
                    files.put(source, manifest);
                    moved = objects.put(manifest);
                }
                FolderListing expected = FolderListing.of(new ArrayList<>(files.values()));
                FolderListing actual = objects.listing();
                assertThat(actual.objects()).as("seed %d step %d", seed, step).isEqualTo(expected.objects());
                assertThat(actual.retainedSources()).containsExactlyElementsOf(expected.retainedSources());
                assertThat(actual.warnings()).containsExactlyElementsOf(expected.warnings());
                assertThat(objects.retainedSources()).isEqualTo(Set.copyOf(expected.retainedSources()));

                Map<ResourceKey, ResourceObject> after = resolved(objects, files);
                Set<ResourceKey> differing = new HashSet<>(before.keySet());
                differing.addAll(after.keySet());
                differing.removeIf(key -> java.util.Objects.equals(before.get(key), after.get(key)));
                assertThat(moved).as("seed %d step %d", seed, step).containsAll(differing);
                expected.objects().forEach(object -> assertThat(objects.resolve(object.key())).isSameAs(object));
            }
        }
    }

    @Test
    void theSameManifestPutAgainMovesNothing() {
        FolderObjects objects = new FolderObjects();
        ParsedManifest manifest = parser.parse("file:a.yaml", service("s", 1));
        assertThat(objects.put(manifest)).hasSize(1);
        assertThat(objects.put(manifest)).isEmpty();
        assertThat(objects.remove("file:missing.yaml")).isEmpty();
        assertThat(objects.remove("file:a.yaml")).hasSize(1);
        assertThat(objects.listing().objects()).isEmpty();
    }

    /** What each key resolves to, as the listing says. */
    private static Map<ResourceKey, ResourceObject> resolved(FolderObjects objects, TreeMap<String, ParsedManifest> files) {
        Map<ResourceKey, ResourceObject> resolved = new java.util.HashMap<>();
        objects.listing().objects().forEach(object -> resolved.put(object.key(), object));
        return resolved;
    }

    /** A few Services out of a small set of names (so files disagree), sometimes a broken document. */
    private static String randomFile(Random random) {
        List<String> documents = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            documents.add(service("s" + random.nextInt(6), random.nextInt(3)));
        }
        if (random.nextInt(6) == 0) {
            documents.add("apiVersion: v1\nkind: [Service\n");
        }
        return String.join("---\n", documents);
    }

    private static String service(String name, int port) {
        return "apiVersion: v1\nkind: Service\nmetadata: {name: %s, namespace: apps}\nspec: {ports: [{port: %d}]}\n"
                .formatted(name, port);
    }
}
