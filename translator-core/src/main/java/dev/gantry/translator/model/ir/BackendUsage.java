package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.ir.RuleAction.Forward;
import dev.gantry.translator.model.ir.RuleAction.WeightedBackend;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;

/**
 * How the routes attached to one Gateway use each backend, counted so that a change adds the routes that
 * attached anew and takes away the ones that went, instead of walking every route again. Counted per listener
 * (by position), whether or not the listener is programmed, so that a listener change leaves the counts of the
 * routes that still attach where they did as they are; which listeners count is asked when the backends are read.
 */
final class BackendUsage {

    private static final int GRPC = 0;
    private static final int STREAM = 1;
    private static final int HTTP = 2;
    private static final int ANY = 3;
    private static final int PASSTHROUGH = 4;

    private final Map<Integer, Map<BackendService, int[]>> byListener = new HashMap<>();

    /** Counts ({@code sign} 1) or uncounts ({@code sign} -1) what one attached route uses. */
    void count(Placement placement, int sign) {
        Map<BackendService, int[]> counts = byListener.computeIfAbsent(placement.listener(), ignored -> new HashMap<>());
        if (placement.http() != null) {
            HttpRouteIr route = placement.http();
            for (HttpRuleIr rule : route.rules()) {
                count(counts, rule.action(), route.grpc(), false, false, sign);
                for (BackendService mirror : rule.mirrors()) {
                    count(counts, mirror, route.grpc(), false, false, sign);
                }
            }
        } else {
            count(counts, placement.stream().action(), false, true, placement.passthrough(), sign);
        }
        if (counts.isEmpty()) {
            byListener.remove(placement.listener());
        }
    }

    /**
     * Each backend the routes on the {@code counted} listeners use, and whether gRPC routes use it, stream routes,
     * HTTP routes, and only TLS passthrough.
     */
    void forEach(IntPredicate counted, BiConsumer<BackendService, Use> consumer) {
        Map<BackendService, int[]> sums = new HashMap<>();
        byListener.forEach((listener, counts) -> {
            if (counted.test(listener)) {
                counts.forEach((service, count) -> {
                    int[] sum = sums.computeIfAbsent(service, ignored -> new int[count.length]);
                    for (int i = 0; i < count.length; i++) {
                        sum[i] += count[i];
                    }
                });
            }
        });
        sums.forEach((service, count) -> consumer.accept(service,
                new Use(count[GRPC] > 0, count[STREAM] > 0, count[HTTP] > 0, count[PASSTHROUGH] == count[ANY])));
    }

    /** @param passthroughOnly every route using it is a TLSRoute on a listener in mode Passthrough */
    record Use(boolean grpc, boolean stream, boolean http, boolean passthroughOnly) {
    }

    private static void count(Map<BackendService, int[]> counts, RuleAction action, boolean grpc, boolean stream,
            boolean passthrough, int sign) {
        if (action instanceof Forward forward) {
            for (WeightedBackend backend : forward.backends()) {
                count(counts, backend.service(), grpc, stream, passthrough, sign);
            }
        }
    }

    private static void count(Map<BackendService, int[]> counts, BackendService service, boolean grpc, boolean stream, boolean passthrough, int sign) {
        int[] count = counts.computeIfAbsent(service, ignored -> new int[5]);
        count[GRPC] += grpc ? sign : 0;
        count[STREAM] += stream ? sign : 0;
        count[HTTP] += stream ? 0 : sign;
        count[PASSTHROUGH] += passthrough ? sign : 0;
        count[ANY] += sign;
        if (count[ANY] == 0) {
            counts.remove(service);
        }
    }
}
