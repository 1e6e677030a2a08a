package dev.gantry.watcher;

import static dev.gantry.watcher.FolderSourceTest.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.proto.HistoryMarker;
import dev.gantry.watcher.publish.SyncStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The watcher follows the history of its topic: deleted behind it while nothing in its folder changes, the topic is
 * created again as declared and gets everything again, then the marker translators wait for.
 */
class TopicHistoryTest extends KafkaIntegrationTest {

    private static final String HISTORY_TOPIC = "history.resources";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aDeletedTopicIsCreatedAgainAndGetsEverythingAndTheMarker() throws Exception {
        Path folder = createTempDirectory();
        write(folder.resolve("services.yaml"), service("h-a", 80) + "---\n" + service("h-b", 80));
        String marker = HistoryMarker.key("file:").toString();
        try (ConfigurableApplicationContext watcher = new SpringApplicationBuilder(WatcherApplication.class).run(
                "--server.port=0", "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--gantry.watcher.file.directory=" + folder, "--gantry.kafka.resources-topic=" + HISTORY_TOPIC,
                "--gantry.kafka.resources-partitions=3", "--gantry.kafka.history-check-interval=200ms");
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            await().atMost(WAIT).until(watcher.getBean(SyncStatus.class)::initialSyncDone);
            try (TopicRecords first = TopicRecords.fromBeginning(broker.getBrokersAsString(), HISTORY_TOPIC)) {
                assertThat(first.readToEnd()).extracting(r -> r.key())
                        .containsExactlyInAnyOrder("/Service/default/h-a", "/Service/default/h-b", marker);
            }
            String firstId = describe(admin).topicId().toString();

            admin.deleteTopics(List.of(HISTORY_TOPIC)).all().get();

            // the watcher, not a client's auto-creation, makes the new one: its id differs, its settings are declared
            await().atMost(WAIT).ignoreExceptions().until(() -> !describe(admin).topicId().toString().equals(firstId));
            TopicDescription recreated = describe(admin);
            assertThat(recreated.partitions()).hasSize(3);
            ConfigResource config = new ConfigResource(ConfigResource.Type.TOPIC, HISTORY_TOPIC);
            assertThat(admin.describeConfigs(List.of(config)).all().get().get(config).get("cleanup.policy").value())
                    .isEqualTo("compact");
            try (TopicRecords second = TopicRecords.fromBeginning(broker.getBrokersAsString(), HISTORY_TOPIC)) {
                await().atMost(WAIT).untilAsserted(() -> assertThat(second.poll()).extracting(r -> r.key())
                        .containsExactlyInAnyOrder("/Service/default/h-a", "/Service/default/h-b", marker));
            }
        }
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(List.of(HISTORY_TOPIC)).allTopicNames().get().get(HISTORY_TOPIC);
    }
}
