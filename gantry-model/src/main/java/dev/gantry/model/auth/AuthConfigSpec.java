package dev.gantry.model.auth;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** An AuthConfig: named checks, combined by booleanExpr (all must pass when it is absent). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthConfigSpec(List<AuthCheck> configs, String booleanExpr, Boolean failOnRedirect) {
}
