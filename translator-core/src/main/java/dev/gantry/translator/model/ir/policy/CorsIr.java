package dev.gantry.translator.model.ir.policy;

import java.util.List;

/**
 * A checked CORS filter: every entry non-empty and free of control characters (and of commas, for the lists
 * that are joined).
 *
 * @param maxAge seconds, or {@code null} when not written
 */
public record CorsIr(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
        List<String> exposeHeaders, Integer maxAge, boolean allowCredentials) {

    public CorsIr {
        allowOrigins = List.copyOf(allowOrigins);
        allowMethods = List.copyOf(allowMethods);
        allowHeaders = List.copyOf(allowHeaders);
        exposeHeaders = List.copyOf(exposeHeaders);
    }
}
