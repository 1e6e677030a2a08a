package dev.gantry.translator.app;

import dev.gantry.translator.snapshot.EnvoySnapshotValidator;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.TestResources;
import dev.gantry.translator.redis.SnapshotStore;
import dev.gantry.translator.redis.SnapshotWrite;
import dev.gantry.translator.redis.WriterFence;
import dev.gantry.translator.status.ProgrammedState;
import dev.gantry.translator.validation.EnvoyValidator;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A snapshot Envoy would NACK is never written; the last good one stays and the rejection is recorded.
 * The translation is the real one (the repository's examples); the invalid resource is injected between
 * the translator and the Envoy-rules validator, since a correct translator does not produce one.
 */
class SnapshotPublisherValidationTest {

    private static final String GATEWAY = "default/example-gateway";

    private final RecordingStore store = new RecordingStore();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EnvoySnapshotValidator envoyRules = new EnvoySnapshotValidator(new EnvoyValidator());
    private boolean injectInvalidCluster;
    private final SnapshotPublisher publisher = new SnapshotPublisher(new GatewayTranslator(), store,
            (gateway, resources) -> envoyRules.problems(gateway, injectInvalidCluster ? withNamelessCluster(resources) : resources),
            meters);
    private final Logger logger = (Logger) LoggerFactory.getLogger(SnapshotPublisher.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    SnapshotPublisherValidationTest() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logs);
    }

    @Test
    void anInvalidTranslationIsNotWrittenAndIsReportedUntilAValidOneReplacesIt() throws Exception {
        ResourceIndex index = examples();
        publisher.publish(index, 1, Instant.now());
        assertThat(store.written).extracting(GatewaySnapshot::getVersion).containsExactly(1L);
        assertThat(publisher.rejection(GATEWAY)).isEmpty();

        injectInvalidCluster = true;
        publisher.publish(index, 2, Instant.now());

        assertThat(store.written).as("the last good snapshot stays").hasSize(1);
        assertThat(publisher.rejection(GATEWAY)).hasValueSatisfying(reason ->
                assertThat(reason).contains("Cluster \"\"", "Cluster.name", "string.min_len"));
        assertThat(publisher.programmed().get(GATEWAY)).isInstanceOf(ProgrammedState.Invalid.class);
        assertThat(meters.counter("gantry.translator.snapshots.invalid").count()).isEqualTo(1);
        assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.WARN).singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage()).contains(GATEWAY, "Cluster \"\"", "string.min_len"));
        assertThat(publisher.hasPending()).as("an invalid translation is not retried as a failed write").isFalse();

        injectInvalidCluster = false;
        publisher.publish(index, 3, Instant.now());

        // Redis already holds this content (the last good snapshot), so nothing is rewritten.
        assertThat(store.written).extracting(GatewaySnapshot::getVersion).containsExactly(1L);
        assertThat(publisher.rejection(GATEWAY)).isEmpty();
        assertThat(publisher.programmed().get(GATEWAY)).isEqualTo(new ProgrammedState.Written(3));
    }

    @Test
    void theEnvoyRulesValidatorAcceptsTheRealTranslation() throws Exception {
        ResourceIndex index = examples();
        EnvoyResources resources = new GatewayTranslator().translateAll(index).gateways().get(GATEWAY);

        assertThat(envoyRules.problems(GATEWAY, resources)).isEmpty();
        assertThat(envoyRules.problems(GATEWAY, withNamelessCluster(resources))).hasValueSatisfying(problem ->
                assertThat(problem).startsWith("Envoy would reject 1 resource(s): Cluster \"\": Cluster.name"));
    }

    private static ResourceIndex examples() throws Exception {
        // every manifest under examples/, the policy examples in their own folder included
        try (Stream<Path> files = Files.walk(Path.of("..", "examples"))) {
            List<String> yamls = new ArrayList<>();
            for (Path file : files.filter(Files::isRegularFile).filter(path -> path.toString().endsWith(".yaml"))
                    .sorted().toList()) {
                yamls.add(Files.readString(file));
            }
            return TestResources.index(yamls.toArray(String[]::new));
        }
    }

    private static EnvoyResources withNamelessCluster(EnvoyResources resources) {
        List<Cluster> clusters = new ArrayList<>(resources.clusters());
        clusters.add(Cluster.getDefaultInstance());
        return new EnvoyResources(resources.listeners(), resources.apiListeners(), resources.routeConfigurations(),
                clusters, resources.clusterLoadAssignments(), resources.secrets());
    }

    /** Records writes instead of talking to Redis. */
    private static final class RecordingStore extends SnapshotStore {
        final List<GatewaySnapshot> written = new ArrayList<>();

        RecordingStore() {
            super(null, new RedisLayout("test:"));
        }

        @Override
        public SnapshotWrite write(GatewaySnapshot snapshot, GatewaySnapshot base, WriterFence fence) {
            written.add(snapshot);
            return SnapshotWrite.written(snapshot.getVersion());
        }

        @Override
        public SnapshotWrite remove(String gateway, long version, WriterFence fence) {
            return SnapshotWrite.written(version);
        }

        @Override
        public Set<String> liveGateways() {
            return Set.of();
        }
    }
}
