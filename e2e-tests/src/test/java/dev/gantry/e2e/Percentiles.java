package dev.gantry.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of a list of samples. */
final class Percentiles {

    private final List<Double> sorted;

    Percentiles(List<Double> samples) {
        sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
    }

    double at(double quantile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(quantile * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    double max() {
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1);
    }

    String summary() {
        return "p50 %6.1f  p90 %6.1f  p99 %6.1f  max %6.1f".formatted(at(0.50), at(0.90), at(0.99), max());
    }
}
