package dev.gantry.translator.model.ir.policy;

/** Envoy answers requests for {@code path} itself with 200 (HttpListenerOption {@code healthCheck}). */
public record HealthCheckIr(String path) {
}
