package dev.gantry.extauth.grpc;

import dev.gantry.extauth.engine.AuthDecision;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * {@code gantry.extauth.checks}: a timer per config and result (so both "checks by config and result" and the
 * latency histogram), looked up once per pair rather than per request.
 */
@Component
public class CheckMetrics {

    /** The config tag of requests whose config_id is not held: config ids come from routes, but never trust them. */
    static final String UNKNOWN_CONFIG_TAG = "unknown";

    private final MeterRegistry meters;
    private final Map<String, Map<AuthDecision.Result, Timer>> timers = new ConcurrentHashMap<>();

    public CheckMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(String configTag, AuthDecision.Result result, long nanos) {
        timers.computeIfAbsent(configTag, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(result, r -> Timer.builder("gantry.extauth.checks")
                        .description("ext_authz Check calls, by AuthConfig and result, and their latency")
                        .tag("config", configTag).tag("result", r.tag())
                        .publishPercentileHistogram()
                        .register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
