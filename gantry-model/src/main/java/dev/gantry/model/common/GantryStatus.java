package dev.gantry.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Status of every Gantry kind: the conditions the translator computed, as the watcher writes them back. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GantryStatus(Long observedGeneration, List<Condition> conditions) {
}
