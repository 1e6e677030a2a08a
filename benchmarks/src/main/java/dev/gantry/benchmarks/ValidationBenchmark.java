package dev.gantry.benchmarks;

import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.translator.snapshot.SnapshotPacker;
import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.validation.EnvoyValidator;
import dev.gantry.translator.validation.ResourceValidation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What checking a snapshot against Envoy's validate.rules costs, read against serializing the same snapshot.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar ValidationBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:ActiveProcessorCount=2"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ValidationBenchmark {

    @Param({"1000", "5000"})
    int routes;

    private final ResourceValidation validation = new ResourceValidation(EnvoyValidator.shared());
    private EnvoyResources resources;
    private EnvoyResources changed;
    private GatewaySnapshot snapshot;
    private boolean flip;

    @Setup
    public void setUp() {
        var index = SyntheticGateway.index(routes);
        GatewayTranslator translator = new GatewayTranslator();
        resources = translator.translate(index, SyntheticGateway.GATEWAY);
        SyntheticGateway.applyRoute(index, routes / 2, "v2");
        changed = translator.translate(index, SyntheticGateway.GATEWAY);
        snapshot = new SnapshotPacker().snapshotOf(SyntheticGateway.GATEWAY, resources);
    }

    /** Every resource checked, nothing remembered: a translator's first snapshot of the Gateway. */
    @Benchmark
    public Object validateFirstSnapshot() {
        return new ResourceValidation(EnvoyValidator.shared()).invalidResources(resources);
    }

    /** The per-change path: the snapshot differs from the last one by one route. */
    @Benchmark
    public Object validateAfterOneRouteChanged() {
        flip = !flip;
        return validation.invalidResources(flip ? changed : resources);
    }

    @Benchmark
    public byte[] baselineSerialize() {
        return snapshot.toByteArray();
    }
}
