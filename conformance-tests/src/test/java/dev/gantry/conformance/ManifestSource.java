package dev.gantry.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the Gateway API conformance manifests are read from: this module's test resources
 * ({@code src/test/resources/conformance}, on the classpath under {@value #RESOURCES}), so a fresh clone
 * needs nothing else; or a folder of the same layout ({@code base/manifests.yaml}, {@code tests/*.yaml}),
 * to try Gantry against another version of the suite without copying it in.
 */
final class ManifestSource {

    static final String RESOURCES = "/conformance/";

    /** Null for the test resources. */
    private final Path folder;

    private ManifestSource(Path folder) {
        this.folder = folder;
    }

    static ManifestSource testResources() {
        return new ManifestSource(null);
    }

    static ManifestSource folder(Path folder) {
        return new ManifestSource(folder.normalize());
    }

    /** The text of {@code relative} (for example {@code tests/httproute-matching.yaml}), or empty when absent. */
    Optional<String> read(String relative) {
        try {
            if (folder != null) {
                Path file = folder.resolve(relative);
                return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
            }
            try (InputStream in = ManifestSource.class.getResourceAsStream(RESOURCES + relative)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read conformance manifest " + relative + " from " + this, e);
        }
    }

    boolean exists(String relative) {
        return folder != null ? Files.isRegularFile(folder.resolve(relative))
                : ManifestSource.class.getResource(RESOURCES + relative) != null;
    }

    @Override
    public String toString() {
        return folder != null ? "folder " + folder : "test resources " + RESOURCES;
    }
}
