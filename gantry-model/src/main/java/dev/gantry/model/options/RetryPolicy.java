package dev.gantry.model.options;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryPolicy(String retryOn, Integer numRetries, String perTryTimeout, RetryBackOff retryBackOff) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RetryBackOff(String baseInterval, String maxInterval) {
    }
}
