package dev.gantry.benchmarks;

import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.translator.app.SnapshotPublisher;
import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.model.ResourceIndex;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The translator's cost as the route count grows (DESIGN.md §7: 5,000 routes ≤ 500 ms full, ≤ 10 ms for one
 * changed route). {@code baselineSerialize} is the same process serializing the resulting snapshot: the
 * cost any translator pays to hand the output on, against which the others are read as ratios.
 *
 * <p>Run: {@code ./mvnw -B -ntp -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:ActiveProcessorCount=2"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TranslationBenchmark {

    @Param({"100", "1000", "5000", "10000"})
    int routes;

    private final GatewayTranslator translator = new GatewayTranslator();
    private ResourceIndex index;
    private GatewaySnapshot snapshot;
    private int changes;

    @Setup(Level.Trial)
    public void setUp() {
        index = SyntheticGateway.index(routes);
        snapshot = SnapshotPublisher.snapshotOf(SyntheticGateway.GATEWAY, translator.translate(index, SyntheticGateway.GATEWAY));
    }

    /** A translator that has seen nothing yet: every route resolved and built (a start, or a shard taken over). */
    @Benchmark
    public EnvoyResources fullTranslation() {
        return new GatewayTranslator().translate(index, SyntheticGateway.GATEWAY);
    }

    /**
     * One route edited, its Gateway translated again by the translator that translated it before (as the
     * service keeps it) and its snapshot serialized: the per-change work.
     */
    @Benchmark
    public byte[] oneRouteChanged() {
        changes++;
        SyntheticGateway.applyRoute(index, changes % routes, "v" + changes);
        return SnapshotPublisher.snapshotOf(SyntheticGateway.GATEWAY, translator.translate(index, SyntheticGateway.GATEWAY))
                .toByteArray();
    }

    @Benchmark
    public byte[] baselineSerialize() {
        return snapshot.toByteArray();
    }
}
