package dev.gantry.watcher.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.gantry.watcher.publish.ResourceLedger;
import dev.gantry.watcher.publish.SourceListing;
import dev.gantry.watcher.publish.WatcherMetrics;
import dev.gantry.watcher.resource.ResourceObject;
import dev.gantry.watcher.resource.ResourceObjects;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A scan told which paths changed lists exactly what a full scan of a fresh folder lists. */
class ManifestFolderTest {

    @TempDir
    Path root;

    private ManifestFolder folder() {
        ResourceObjects objects = new ResourceObjects();
        return new ManifestFolder(root, new ManifestParser(objects),
                new WatcherMetrics(new SimpleMeterRegistry(), new ResourceLedger()));
    }

    private static String service(String name, int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                  namespace: apps
                spec:
                  ports:
                  - port: %d
                """.formatted(name, port);
    }

    private List<String> fresh() throws IOException {
        return describe(folder().scan(directory -> { }));
    }

    private static List<String> describe(SourceListing listing) {
        return listing.objects().stream().map(o -> o.key() + " " + o.source() + " " + o.json()).toList();
    }

    private Path write(String name, String yaml) throws IOException {
        Path path = root.resolve(name);
        Files.createDirectories(path.getParent());
        Path staged = Files.createTempFile(root.getParent(), "staged", ".yaml");
        Files.writeString(staged, yaml);
        return Files.move(staged, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void changedFilesAloneAreFollowed() throws IOException {
        write("a.yaml", service("a", 1));
        write("b.yaml", service("b", 2));
        write("sub/c.yaml", service("c", 3));
        ManifestFolder folder = folder();
        folder.scan(directory -> { }, null);

        Path a = write("a.yaml", service("a", 10));
        Path d = write("d.yaml", service("d", 4));
        Path b = root.resolve("b.yaml");
        Files.delete(b);
        Path readme = root.resolve("README.md");
        Files.writeString(readme, "not a manifest");
        List<Path> walked = new java.util.ArrayList<>();
        SourceListing listing = folder.scan(walked::add, Set.of(a, b, d, readme));

        assertThat(walked).as("no walk was needed").isEmpty();
        assertThat(describe(listing)).isEqualTo(fresh());
        assertThat(listing.objects()).extracting(ResourceObject::source)
                .containsExactly("file:a.yaml", "file:d.yaml", "file:sub/c.yaml");
    }

    @Test
    void aDirectoryOrAHiddenEntryAmongTheChangesLeadsToAWalkThatStillSeesEverything() throws IOException {
        write("a.yaml", service("a", 1));
        ManifestFolder folder = folder();
        folder.scan(directory -> { }, null);

        write("new/e.yaml", service("e", 5));
        List<Path> walked = new java.util.ArrayList<>();
        assertThat(describe(folder.scan(walked::add, Set.of(root.resolve("new"))))).isEqualTo(fresh());
        assertThat(walked).contains(root, root.resolve("new"));

        // A file replaced (new inode) without being named, as when a mounted ConfigMap swaps its ..data link.
        write("a.yaml", service("a", 11));
        assertThat(describe(folder.scan(directory -> { }, Set.of(root.resolve("..data"))))).isEqualTo(fresh());
    }

    @Test
    void somethingGoneThatWasNotAListedFileLeadsToAWalk() throws IOException {
        write("a.yaml", service("a", 1));
        write("gone/f.yaml", service("f", 6));
        ManifestFolder folder = folder();
        folder.scan(directory -> { }, null);

        Files.delete(root.resolve("gone/f.yaml"));
        Files.delete(root.resolve("gone"));
        assertThat(describe(folder.scan(directory -> { }, Set.of(root.resolve("gone"))))).isEqualTo(fresh());
    }

    /**
     * A file over the size limit is not read: its objects are not listed (those it published before are kept, as
     * for a file that does not parse), every other file is read as usual, and it is read once it is small again.
     */
    @Test
    void aFileOverTheSizeLimitIsRefusedUnreadAndTheOthersAreRead() throws IOException {
        ManifestFolder limited = new ManifestFolder(root, new ManifestParser(new ResourceObjects()),
                new WatcherMetrics(new SimpleMeterRegistry(), new ResourceLedger()), 2_000);
        write("small.yaml", service("small", 80));
        write("big.yaml", service("big", 80) + "# padding\n".repeat(300));

        SourceListing listing = limited.scan(directory -> { });

        assertThat(listing.objects()).extracting(o -> o.name()).containsExactly("small");
        assertThat(listing.retainedSources()).contains("file:big.yaml");

        write("big.yaml", service("big", 81));
        assertThat(limited.scan(directory -> { }, Set.of(root.resolve("big.yaml"))).objects())
                .extracting(o -> o.name()).containsExactlyInAnyOrder("small", "big");
    }
}
