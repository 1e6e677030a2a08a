package dev.gantry.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The per-change steps of {@link TranslationBenchmark}, timed by the thread's CPU clock instead of the wall clock:
 * on our shared 2-core machines other builds take the cores away from a JMH run, which inflates its wall-clock
 * figures by whatever the load happens to be, while the CPU time a change costs moves far less. Same translator,
 * same steps (it drives the benchmark's own methods), so the two read side by side.
 *
 * <p>Run: {@code java -Xmx1g -XX:ActiveProcessorCount=2 -cp benchmarks/target/benchmarks.jar
 * dev.gantry.benchmarks.ChangeCostProbe 5000 300 'oneRoute.*'} (routes, changes per kind after as many for warm-up,
 * optionally a pattern naming the steps to run, to profile one of them).
 */
public final class ChangeCostProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ChangeCostProbe() {
    }

    public static void main(String[] args) {
        int routes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        String only = args.length > 2 ? args[2] : ".*";
        TranslationBenchmark benchmark = new TranslationBenchmark();
        benchmark.routes = routes;
        benchmark.setUp();
        Map<String, Supplier<Object>> steps = new LinkedHashMap<>();
        steps.put("baselineSerialize", benchmark::baselineSerialize);
        steps.put("oneRouteChanged", benchmark::oneRouteChanged);
        steps.put("oneEndpointSliceChanged", benchmark::oneEndpointSliceChanged);
        steps.put("oneServiceChanged", benchmark::oneServiceChanged);
        steps.put("oneSecretChanged", benchmark::oneSecretChanged);
        steps.put("oneReferenceGrantChanged", benchmark::oneReferenceGrantChanged);
        steps.put("oneGatewayListenerChanged", benchmark::oneGatewayListenerChanged);
        steps.put("onePolicyChanged", benchmark::onePolicyChanged);
        steps.put("unrelatedChange", benchmark::unrelatedChange);
        System.out.printf("routes=%d, %d changes per kind after %d warm-up, thread CPU time (ms)%n", routes, changes,
                changes);
        System.out.printf("%-28s %8s %8s %8s %8s%n", "step", "p50", "p90", "mean", "×base");
        double baseline = 0;
        for (Map.Entry<String, Supplier<Object>> step : steps.entrySet()) {
            if (!step.getKey().matches(only) && !step.getKey().equals("baselineSerialize")) {
                continue;
            }
            measure(step.getValue(), changes);
            double[] times = measure(step.getValue(), changes);
            double mean = Arrays.stream(times).average().orElse(0);
            baseline = baseline == 0 ? mean : baseline;
            System.out.printf("%-28s %8.3f %8.3f %8.3f %8.1f%n", step.getKey(), percentile(times, 50),
                    percentile(times, 90), mean, mean / baseline);
        }
    }

    private static double[] measure(Supplier<Object> step, int times) {
        double[] millis = new double[times];
        Object sink = null;
        for (int i = 0; i < times; i++) {
            long start = THREADS.getCurrentThreadCpuTime();
            sink = step.get();
            millis[i] = (THREADS.getCurrentThreadCpuTime() - start) / 1e6;
        }
        if (sink == null) {
            throw new IllegalStateException("a step gave nothing");
        }
        return millis;
    }

    private static double percentile(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)];
    }
}
