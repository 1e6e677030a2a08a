package dev.gantry.watcher;

import static dev.gantry.watcher.FolderSourceTest.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.gantry.proto.HistoryMarker;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.watcher.publish.ResourceLedger;
import dev.gantry.watcher.publish.SyncStatus;

/** Stops a watcher, changes its folder, and starts a new one on the same topic. */
class RestartTest extends KafkaIntegrationTest {

    private static final String RESTART_TOPIC = "restart.resources";

    @Test
    void aRestartedWatcherDeletesWhatVanishedAndRepublishesOnlyWhatChanged() throws IOException {
        Path folder = createTempDirectory();
        write(folder.resolve("a.yaml"), service("r-a1", 80) + "---\n" + service("r-a2", 80));
        write(folder.resolve("b.yaml"), service("r-b", 80));
        write(folder.resolve("sub/c.yaml"), service("r-c", 80));
        write(folder.resolve("d.yaml"), service("r-d", 80));
        List<String> keys = List.of("r-a1", "r-a2", "r-b", "r-c", "r-d").stream()
                .map(name -> "/Service/default/" + name).toList();

        try (ConfigurableApplicationContext first = startWatcher(folder)) {
            awaitInitialSync(first);
        }
        Map<TopicPartition, Long> offsetsAtRestart;
        try (TopicRecords before = TopicRecords.fromBeginning(broker.getBrokersAsString(), RESTART_TOPIC)) {
            before.readToEnd();
            keys.forEach(key -> assertThat(before.forKey(key)).as(key).hasSize(1));
            offsetsAtRestart = before.endOffsets();
        }

        Files.delete(folder.resolve("sub/c.yaml"));
        write(folder.resolve("b.yaml"), service("r-b", 81));
        write(folder.resolve("d.yaml"), "apiVersion: v1\nkind: {Service\n");

        try (ConfigurableApplicationContext second = startWatcher(folder);
                TopicRecords after = new TopicRecords(broker.getBrokersAsString(), RESTART_TOPIC, offsetsAtRestart)) {
            awaitInitialSync(second);
            List<ConsumerRecord<String, byte[]>> published = after.readToEnd();

            // what changed, and the marker saying the restarted watcher's sync into this history is complete
            assertThat(published).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("/Service/default/r-b", "/Service/default/r-c",
                            HistoryMarker.key("file:").toString());
            assertThat(after.latest("/Service/default/r-c")).isEmpty();
            ResourceEvent changed = after.latest("/Service/default/r-b").orElseThrow();
            assertThat(changed.getJson()).contains("81");
            assertThat(changed.getGeneration()).isEqualTo(2);
            // d.yaml no longer parses, so its object stays published
            assertThat(second.getBean(ResourceLedger.class).all())
                    .extracting(r -> r.key().toString(), r -> r.source())
                    .contains(org.assertj.core.groups.Tuple.tuple("/Service/default/r-d", "file:d.yaml"))
                    .doesNotContain(org.assertj.core.groups.Tuple.tuple("/Service/default/r-c", "file:sub/c.yaml"));
        }
    }

    private ConfigurableApplicationContext startWatcher(Path folder) {
        return new SpringApplicationBuilder(WatcherApplication.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--gantry.watcher.file.directory=" + folder,
                "--gantry.kafka.resources-topic=" + RESTART_TOPIC);
    }

    private static void awaitInitialSync(ConfigurableApplicationContext context) {
        SyncStatus status = context.getBean(SyncStatus.class);
        await().atMost(Duration.ofSeconds(20)).until(status::initialSyncDone);
    }
}
