package dev.gantry.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What a policy attaches to: a Gateway (sectionName = listener) or an HTTPRoute (sectionName = rule). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyTargetRef(String group, String kind, String name, String namespace, String sectionName) {
}
