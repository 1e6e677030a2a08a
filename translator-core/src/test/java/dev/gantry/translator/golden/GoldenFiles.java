package dev.gantry.translator.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the golden files live and how they are read and (re)written. The test reads and writes the
 * source folder {@code translator-core/src/test/resources/testdata}, not the copy under
 * {@code target/test-classes}, so that regenerating changes the files git sees and an edited input is
 * picked up without a resource copy. The folder is found from where this class was compiled to
 * ({@code <module>/target/test-classes}), so it works from any working directory; {@value #DIR_PROPERTY}
 * overrides it.
 */
final class GoldenFiles {

    /** Set to {@code true} to rewrite every {@code .out.yaml} from the current translation. */
    static final String UPDATE_PROPERTY = "golden.update";
    /** Another folder of cases (optional). */
    static final String DIR_PROPERTY = "golden.dir";
    /** The one command that regenerates every expected output; printed with every mismatch. */
    static final String REGENERATE = "./mvnw -B -ntp -pl translator-core -am verify -Dtest=GoldenFilesTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true";

    private GoldenFiles() {
    }

    static boolean updating() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
    }

    static Path directory() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try {
            Path testClasses = Path.of(GoldenFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path module = testClasses.getParent().getParent();
            Path directory = module.resolve("src/test/resources/testdata");
            if (!Files.isDirectory(directory)) {
                throw new IllegalStateException("no golden files at " + directory + " (compiled to " + testClasses
                        + "); set -D" + DIR_PROPERTY + "=<folder>");
            }
            return directory;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every case of the folder (a {@code .in.yaml} file), by name. */
    static List<GoldenCase> cases(Path directory) {
        return names(directory, GoldenCase.IN).stream().map(name -> GoldenCase.of(directory, name)).toList();
    }

    /** The names of the files of {@code directory} ending in {@code suffix}, without it, sorted. */
    static List<String> names(Path directory, String suffix) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(suffix))
                    .map(name -> name.substring(0, name.length() - suffix.length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's text with Unix line ends, or empty when it does not exist. */
    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n") : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
