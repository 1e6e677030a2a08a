package dev.gantry.model.options;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Options for every route of a virtual host (k8sgateway's VirtualHostOptions, the part Gantry translates). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VirtualHostOptions(HeaderManipulation headerManipulation, CorsPolicy cors, RetryPolicy retries,
        BufferPerRoute bufferPerRoute, ExtAuthExtension extauth, RateLimitConfigRefs rateLimitConfigs,
        RateLimitConfigRefs rateLimitEarlyConfigs, Boolean includeRequestAttemptCount,
        Boolean includeAttemptCountInResponse) {
}
