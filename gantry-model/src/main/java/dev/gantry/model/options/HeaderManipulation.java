package dev.gantry.model.options;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeaderManipulation(List<HeaderValueOption> requestHeadersToAdd, List<String> requestHeadersToRemove,
        List<HeaderValueOption> responseHeadersToAdd, List<String> responseHeadersToRemove) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HeaderValueOption(HeaderValue header, Boolean append) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HeaderValue(String key, String value) {
    }
}
