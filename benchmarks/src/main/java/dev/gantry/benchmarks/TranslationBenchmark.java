package dev.gantry.benchmarks;

import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.translator.snapshot.SnapshotPacker;
import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.validation.EnvoyValidator;
import dev.gantry.translator.validation.ResourceValidation;
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
    private final ResourceValidation validation = new ResourceValidation(EnvoyValidator.shared());
    private final SnapshotPacker packer = new SnapshotPacker();
    private ResourceIndex index;
    private GatewaySnapshot snapshot;
    private int changes;

    @Setup(Level.Trial)
    public void setUp() {
        index = SyntheticGateway.index(routes);
        EnvoyResources resources = translator.translate(index, SyntheticGateway.GATEWAY);
        validation.invalidResources(resources);
        snapshot = packer.snapshotOf(SyntheticGateway.GATEWAY, resources);
    }

    /** A translator that has seen nothing yet: every route resolved and built (a start, or a shard taken over). */
    @Benchmark
    public EnvoyResources fullTranslation() {
        return new GatewayTranslator().translate(index, SyntheticGateway.GATEWAY);
    }

    /**
     * One route edited and everything the translator service then does before the Redis write, by the same
     * translator, validator and packer throughout (as the service keeps them): the Gateway translated again,
     * checked against Envoy's rules, packed into its snapshot and serialized. The per-change work.
     */
    @Benchmark
    public byte[] oneRouteChanged() {
        changes++;
        SyntheticGateway.applyRoute(index, changes % routes, "v" + changes);
        EnvoyResources resources = translator.translate(index, SyntheticGateway.GATEWAY);
        if (!validation.invalidResources(resources).isEmpty()) {
            throw new IllegalStateException("the synthetic Gateway must translate to valid resources");
        }
        return packer.snapshotOf(SyntheticGateway.GATEWAY, resources).toByteArray();
    }

    @Benchmark
    public byte[] baselineSerialize() {
        return snapshot.toByteArray();
    }
}
