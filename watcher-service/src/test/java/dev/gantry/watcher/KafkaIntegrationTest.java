package dev.gantry.watcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context and one real broker for all Kafka tests (Spring caches the context): the app
 * watches {@link #FOLDER}, and each test works in a subdirectory of its own with names of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gantry.watcher.file.debounce=20ms")
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
abstract class KafkaIntegrationTest {

    static final Path FOLDER = createTempDirectory();
    static final String TOPIC = "gantry.resources";

    @Autowired
    EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void folder(DynamicPropertyRegistry registry) {
        registry.add("gantry.watcher.file.directory", FOLDER::toString);
    }

    static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("gantry-watcher-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path path) {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
