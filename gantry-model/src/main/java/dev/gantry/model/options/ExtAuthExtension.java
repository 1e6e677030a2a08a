package dev.gantry.model.options;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gantry.model.common.ResourceRef;

import java.util.Map;

/** One of: disable ext-auth here, check with an AuthConfig, or call a custom ext_authz server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExtAuthExtension(Boolean disable, ResourceRef configRef, CustomAuth customAuth) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CustomAuth(String name, Map<String, String> contextExtensions) {
    }
}
