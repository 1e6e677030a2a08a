package dev.gantry.model.ratelimit;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** One Envoy rate_limits action; exactly one field is set. The empty kinds carry an empty object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Action(Map<String, Object> sourceCluster, Map<String, Object> destinationCluster,
        Map<String, Object> remoteAddress, RequestHeaders requestHeaders, GenericKey genericKey,
        HeaderValueMatch headerValueMatch, MetadataAction metadata) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestHeaders(String headerName, String descriptorKey) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GenericKey(String descriptorValue) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HeaderValueMatch(String descriptorValue, Boolean expectMatch, List<HeaderMatcher> headers) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HeaderMatcher(String name, String exactMatch, String regexMatch, String prefixMatch,
            String suffixMatch, Boolean presentMatch, Boolean invertMatch, Int64Range rangeMatch) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Int64Range(Long start, Long end) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MetadataAction(String descriptorKey, MetadataKey metadataKey, String defaultValue, String source) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MetadataKey(String key, List<PathSegment> path) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PathSegment(String key) {
    }
}
