package dev.gantry.extauth.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Counts and logs checks that threw or timed out (the request was refused with 503). */
@Component
public class EvaluatorErrors {

    private static final Logger log = LoggerFactory.getLogger(EvaluatorErrors.class);

    private final MeterRegistry meters;

    public EvaluatorErrors(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(String configId, CompiledCheck check, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String reason = cause instanceof TimeoutException ? "timeout" : "error";
        Counter.builder("gantry.extauth.evaluator.errors")
                .description("Checks that threw or timed out; the request was refused with 503")
                .tag("config", configId).tag("check", check.name()).tag("kind", check.kind()).tag("reason", reason)
                .register(meters).increment();
        // the exception's class and message only: evaluators never put credentials in exceptions
        log.warn("check {} ({}) of {} failed, request refused: {}", check.name(), check.kind(), configId,
                cause == null ? "no outcome" : cause.toString());
    }
}
