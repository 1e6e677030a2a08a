package dev.gantry.model.options;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record CorsPolicy(List<String> allowOrigin, List<String> allowOriginRegex, List<String> allowMethods,
        List<String> allowHeaders, List<String> exposeHeaders, String maxAge, Boolean allowCredentials,
        Boolean disableForRoute) {
}
