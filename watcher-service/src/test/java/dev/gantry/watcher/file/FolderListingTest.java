package dev.gantry.watcher.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.gantry.watcher.resource.ResourceObjects;

class FolderListingTest {

    private final ManifestParser parser = new ManifestParser(new ResourceObjects());

    @Test
    void theLastFileWinsADuplicateKeyWithAWarning() {
        ParsedManifest first = parser.parse("file:a.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {a: 1}\n");
        ParsedManifest second = parser.parse("file:b.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {a: 2}\n");

        FolderListing listing = FolderListing.of(List.of(first, second));

        assertThat(listing.objects()).singleElement().satisfies(o -> assertThat(o.source()).isEqualTo("file:b.yaml"));
        assertThat(listing.warnings()).singleElement().asString()
                .contains("/Service/default/s", "file:a.yaml line 1", "file:b.yaml line 1");
    }

    @Test
    void filesWithUnparsableDocumentsRetainTheirPreviousObjects() {
        ParsedManifest broken = parser.parse("file:broken.yaml", "a: [\n");
        ParsedManifest invalid = parser.parse("file:invalid.yaml", "apiVersion: v1\nkind: Service\n");

        FolderListing listing = FolderListing.of(List.of(broken, invalid));

        assertThat(listing.retainedSources()).containsExactly("file:broken.yaml");
    }
}
