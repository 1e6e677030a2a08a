package dev.gantry.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The propagation benchmark: how long a route change takes from the watched folder to a connected Envoy-like
 * client through the real services in this JVM, at each number of routes asked for ({@link PropagationRun}).
 *
 * <p>Not a test: it runs only when asked, by {@link #main} or by Surefire with {@code -Dgantry.bench.routes}
 * (see docs/benchmarks.md). Settings are system properties: {@code gantry.bench.routes} (default 1000,3000),
 * {@code gantry.bench.edits} (100), {@code gantry.bench.warmup} (20) and {@code gantry.bench.properties}
 * (service properties separated by {@code ;}, to compare settings). Figures go to stdout and to
 * {@code target/propagation-benchmark.txt}.
 */
public class PropagationBenchmark {

    public static void main(String[] args) throws Exception {
        List<Integer> routeCounts = Arrays.stream(property("gantry.bench.routes", "1000,3000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        int edits = Integer.parseInt(property("gantry.bench.edits", "100"));
        int warmup = Integer.parseInt(property("gantry.bench.warmup", "20"));
        List<String> extra = Arrays.stream(property("gantry.bench.properties", "").split(";"))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        StringBuilder report = new StringBuilder();
        report.append("# propagation benchmark ").append(Instant.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, extra properties ")
                .append(extra).append('\n');
        for (int routeCount : routeCounts) {
            report.append(new PropagationRun(routeCount).run(edits, warmup, extra));
        }
        System.out.println(report);
        Path out = Path.of("target", "propagation-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static String property(String name, String otherwise) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    /** Runs the benchmark under Surefire, only when asked: {@code -Dtest=PropagationBenchmark -Dgantry.bench.routes=…}. */
    @Test
    @EnabledIfSystemProperty(named = "gantry.bench.routes", matches = ".+")
    void benchmark() throws Exception {
        main(new String[0]);
    }
}
