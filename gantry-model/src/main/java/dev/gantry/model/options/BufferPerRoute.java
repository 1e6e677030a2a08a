package dev.gantry.model.options;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record BufferPerRoute(Boolean disabled, Buffer buffer) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Buffer(Integer maxRequestBytes) {
    }
}
