package dev.gantry.benchmarks;

import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.translator.app.SnapshotPacker;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.model.ResourceIndex;
import java.lang.management.ManagementFactory;

/**
 * Heap the translator holds for one Gateway of N routes: the resource index plus the last snapshot it
 * keeps to detect changes. Run:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.gantry.benchmarks.HeapFootprint 5000}
 */
public final class HeapFootprint {

    private HeapFootprint() {
    }

    public static void main(String[] args) {
        int routes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        long before = usedAfterGc();
        ResourceIndex index = SyntheticGateway.index(routes);
        GatewaySnapshot snapshot = new SnapshotPacker().snapshotOf(SyntheticGateway.GATEWAY,
                new GatewayTranslator().translate(index, SyntheticGateway.GATEWAY));
        long after = usedAfterGc();
        System.out.printf("routes=%d index+snapshot retained heap: %.1f MiB (snapshot %d bytes serialized, index %d objects)%n",
                routes, (after - before) / 1048576.0, snapshot.getSerializedSize(), index.size());
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
