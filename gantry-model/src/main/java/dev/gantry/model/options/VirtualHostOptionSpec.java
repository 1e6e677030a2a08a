package dev.gantry.model.options;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gantry.model.common.PolicyTargetRef;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record VirtualHostOptionSpec(List<PolicyTargetRef> targetRefs, VirtualHostOptions options) {
}
