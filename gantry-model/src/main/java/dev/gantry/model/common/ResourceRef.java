package dev.gantry.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A reference by name to another object; an absent namespace means the referrer's own. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceRef(String name, String namespace) {
}
