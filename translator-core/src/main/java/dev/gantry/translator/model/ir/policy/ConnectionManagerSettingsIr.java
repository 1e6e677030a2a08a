package dev.gantry.translator.model.ir.policy;

import dev.gantry.model.options.HttpListenerOptions.HttpConnectionManagerSettings;

/** A listener's HttpListenerOption {@code httpConnectionManagerSettings}, checked (every value is one Envoy takes). */
public record ConnectionManagerSettingsIr(HttpConnectionManagerSettings settings) {
}
