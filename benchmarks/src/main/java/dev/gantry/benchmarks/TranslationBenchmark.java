package dev.gantry.benchmarks;

import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.snapshot.SnapshotPacker;
import dev.gantry.translator.snapshot.SnapshotParts;
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
 * cost any translator pays to hand the output on, against which the others are read as ratios. One change of
 * each kind the issue names (a route, an EndpointSlice, a Service, a Secret, a ReferenceGrant, a Gateway
 * listener) and an unrelated one (DESIGN.md §7: ≤ 10 ms each, ≤ 1 ms unrelated, at 5,000 routes).
 *
 * <p>Run: {@code ./mvnw -B -ntp -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * TranslationBenchmark} (add {@code -p routes=100,1000,5000,10000} for the whole curve).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:ActiveProcessorCount=2"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TranslationBenchmark {

    @Param({"1000", "5000"})
    int routes;

    private final GatewayTranslator translator = new GatewayTranslator();
    private final ResourceValidation validation = new ResourceValidation(EnvoyValidator.shared());
    private final SnapshotPacker packer = new SnapshotPacker();
    private ResourceIndex index;
    private GatewaySnapshot snapshot;
    /** The snapshot after the last change: the service writes only the parts that differ from it. */
    private GatewaySnapshot last;
    private int changes;

    @Setup(Level.Trial)
    public void setUp() {
        index = SyntheticGateway.index(routes);
        EnvoyResources resources = translator.translateAll(index).gateways().get(SyntheticGateway.GATEWAY);
        validation.invalidResources(resources);
        snapshot = packer.snapshotOf(SyntheticGateway.GATEWAY, resources);
        last = snapshot;
    }

    /** A translator that has seen nothing yet: every route resolved and built (a start, or a shard taken over). */
    @Benchmark
    public EnvoyResources fullTranslation() {
        return new GatewayTranslator().translate(index, SyntheticGateway.GATEWAY);
    }

    /**
     * One route edited and everything the translator service then does before the Redis write, by the same
     * translator, validator and packer throughout (as the service keeps them): every Gateway translated again
     * ({@code translateAll}, as the service does), checked against Envoy's rules, packed into its snapshot, and the
     * parts of the snapshot that changed serialized (what the service writes to Redis). The per-change work; the benchmarks below do the same after one change of another kind.
     */
    @Benchmark
    public SnapshotParts oneRouteChanged() {
        changes++;
        SyntheticGateway.applyRoute(index, changes % routes, "v" + changes);
        return afterChange();
    }

    /** One endpoint of one Service moved (the most frequent event in a cluster). */
    @Benchmark
    public SnapshotParts oneEndpointSliceChanged() {
        changes++;
        SyntheticGateway.applySlice(index, changes % services(), changes);
        return afterChange();
    }

    /** One Service (used by ten routes) edited. */
    @Benchmark
    public SnapshotParts oneServiceChanged() {
        changes++;
        SyntheticGateway.applyService(index, changes % services(), "v" + changes);
        return afterChange();
    }

    /** The HTTPS listener's certificate rotated; no route uses that listener. */
    @Benchmark
    public SnapshotParts oneSecretChanged() {
        changes++;
        SyntheticGateway.applySecret(index, "tls", "v" + changes);
        return afterChange();
    }

    /** A ReferenceGrant that no route needs edited. */
    @Benchmark
    public SnapshotParts oneReferenceGrantChanged() {
        changes++;
        SyntheticGateway.applyReferenceGrant(index, "v" + changes);
        return afterChange();
    }

    /** A listener added to or removed from the Gateway: every route is attached again (its rules are kept). */
    @Benchmark
    public SnapshotParts oneGatewayListenerChanged() {
        changes++;
        SyntheticGateway.applyGateway(index, changes % 2 == 1);
        return afterChange();
    }

    /** A RouteOption on one route edited (its timeout alternates): a policy change (issue 8: ≤ 10 ms at 5,000 routes). */
    @Benchmark
    public SnapshotParts onePolicyChanged() {
        changes++;
        SyntheticGateway.applyRouteOption(index, (1 + changes % 2) + "s");
        return afterChange();
    }

    /**
     * A Secret in a namespace the Gateway reads nothing from: translated, validated and packed, but not
     * serialized, because the service writes nothing when the packed snapshot equals what Redis holds.
     */
    @Benchmark
    public GatewaySnapshot unrelatedChange() {
        changes++;
        SyntheticGateway.applyUnrelated(index, "v" + changes);
        return packed();
    }

    private int services() {
        return Math.max(1, routes / 10);
    }

    /** What the service then sends to Redis: the parts of the snapshot that differ from the last one, serialized. */
    private SnapshotParts afterChange() {
        GatewaySnapshot next = packed();
        SnapshotParts parts = SnapshotParts.changed(next, last);
        last = next;
        return parts;
    }

    private GatewaySnapshot packed() {
        EnvoyResources resources = translator.translateAll(index).gateways().get(SyntheticGateway.GATEWAY);
        if (!validation.invalidResources(resources).isEmpty()) {
            throw new IllegalStateException("the synthetic Gateway must translate to valid resources");
        }
        return packer.snapshotOf(SyntheticGateway.GATEWAY, resources);
    }

    @Benchmark
    public byte[] baselineSerialize() {
        return snapshot.toByteArray();
    }
}
