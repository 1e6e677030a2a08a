package dev.gantry.model.options;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gantry.model.common.ResourceRef;

import java.util.List;

/** RateLimitConfigs that apply to a route or virtual host. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateLimitConfigRefs(List<ResourceRef> refs) {
}
