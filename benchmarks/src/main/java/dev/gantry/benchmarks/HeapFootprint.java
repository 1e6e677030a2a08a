package dev.gantry.benchmarks;

import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.translator.snapshot.SnapshotPacker;
import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.validation.EnvoyValidator;
import dev.gantry.translator.validation.ResourceValidation;
import java.lang.ref.Reference;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.model.ResourceIndex;
import java.lang.management.ManagementFactory;

/**
 * Heap the translator service holds for one Gateway of N routes: the resource index, the translator, the
 * validator and the packer with what they remember between changes (which makes one change cheap), and the
 * last snapshot, kept to detect changes. Run:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.gantry.benchmarks.HeapFootprint 5000}
 */
public final class HeapFootprint {

    private HeapFootprint() {
    }

    public static void main(String[] args) {
        int routes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        long before = usedAfterGc();
        ResourceIndex index = SyntheticGateway.index(routes);
        GatewayTranslator translator = new GatewayTranslator();
        ResourceValidation validation = new ResourceValidation(EnvoyValidator.shared());
        SnapshotPacker packer = new SnapshotPacker();
        EnvoyResources resources = translator.translate(index, SyntheticGateway.GATEWAY);
        validation.invalidResources(resources);
        GatewaySnapshot snapshot = packer.snapshotOf(SyntheticGateway.GATEWAY, resources);
        long after = usedAfterGc();
        System.out.printf("routes=%d retained heap (index, translator, validator, packer, snapshot): %.1f MiB"
                + " (snapshot %d bytes serialized, index %d objects)%n",
                routes, (after - before) / 1048576.0, snapshot.getSerializedSize(), index.size());
        Reference.reachabilityFence(translator);
        Reference.reachabilityFence(validation);
        Reference.reachabilityFence(packer);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
