package dev.gantry.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A status condition, metav1.Condition's shape (lastTransitionTime kept as the RFC 3339 string). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(String type, String status, String reason, String message, Long observedGeneration,
        String lastTransitionTime) {
}
