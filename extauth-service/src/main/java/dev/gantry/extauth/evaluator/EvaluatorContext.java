package dev.gantry.extauth.evaluator;

import dev.gantry.extauth.secrets.PolicySecrets;

/**
 * What a factory may need about the config a check belongs to. Shared infrastructure (HTTP clients, Redis,
 * schedulers, meters) is injected into the factory bean itself.
 *
 * @param configId  {@code <namespace>.<name>} of the AuthConfig
 * @param namespace the AuthConfig's namespace, where unqualified references point
 * @param checkName the check's name within the config
 * @param secrets   the Secrets the translator shipped with the config, opened on demand
 */
public record EvaluatorContext(String configId, String namespace, String checkName, PolicySecrets secrets) {
}
