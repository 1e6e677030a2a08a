package dev.gantry.translator.features;

import com.google.protobuf.BoolValue;
import dev.gantry.model.ratelimit.Action;
import dev.gantry.model.ratelimit.RateLimitConfigSpec.RateLimitActions;
import dev.gantry.translator.model.ir.policy.RateLimitsIr;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.metadata.v3.MetadataKey;
import io.envoyproxy.envoy.type.v3.Int64Range;
import java.util.ArrayList;
import java.util.List;

/**
 * A RateLimitConfig's {@code rateLimits} as Envoy {@code rate_limits} entries, each action mapped one to one onto
 * Envoy's (as Gloo's {@code raw_util.go} does), behind the wire convention ratelimit-service keeps
 * (docs/architecture.md): every entry starts with {@code generic_key{gantry.config: <namespace>.<name>}}, so two
 * configs never share a counter; an entry of {@code setActions} carries {@code generic_key{gantry.set: true}} next,
 * and its request headers are {@code skip_if_absent} (a set matches the descriptors that are there). Pure.
 */
public final class EnvoyRateLimits {

    public static final String CONFIG_KEY = "gantry.config";
    public static final String SET_KEY = "gantry.set";

    private EnvoyRateLimits() {
    }

    /** The entries of every config, in order. */
    public static List<RateLimit> of(List<RateLimitsIr.Config> configs) {
        List<RateLimit> entries = new ArrayList<>();
        for (RateLimitsIr.Config config : configs) {
            for (RateLimitActions limit : config.rateLimits()) {
                entries.add(entry(config.id(), config.stage(), limit));
            }
        }
        return entries;
    }

    static RateLimit entry(String configId, int stage, RateLimitActions limit) {
        boolean set = limit.setActions() != null && !limit.setActions().isEmpty();
        RateLimit.Builder entry = RateLimit.newBuilder().setStage(com.google.protobuf.UInt32Value.of(stage))
                .addActions(genericKey(CONFIG_KEY, configId));
        if (set) {
            entry.addActions(genericKey(SET_KEY, "true"));
        }
        for (Action action : set ? limit.setActions() : limit.actions()) {
            if (action != null) {
                entry.addActions(action(action, set));
            }
        }
        if (limit.limit() != null && limit.limit().dynamicMetadata() != null) {
            entry.setLimit(RateLimit.Override.newBuilder().setDynamicMetadata(RateLimit.Override.DynamicMetadata
                    .newBuilder().setMetadataKey(metadataKey(limit.limit().dynamicMetadata().metadataKey()))));
        }
        return entry.build();
    }

    private static RateLimit.Action genericKey(String key, String value) {
        return RateLimit.Action.newBuilder().setGenericKey(RateLimit.Action.GenericKey.newBuilder()
                .setDescriptorKey(key).setDescriptorValue(value)).build();
    }

    /** One action, of the one kind the check let through. */
    static RateLimit.Action action(Action action, boolean set) {
        RateLimit.Action.Builder envoy = RateLimit.Action.newBuilder();
        if (action.sourceCluster() != null) {
            envoy.setSourceCluster(RateLimit.Action.SourceCluster.getDefaultInstance());
        } else if (action.destinationCluster() != null) {
            envoy.setDestinationCluster(RateLimit.Action.DestinationCluster.getDefaultInstance());
        } else if (action.remoteAddress() != null) {
            envoy.setRemoteAddress(RateLimit.Action.RemoteAddress.getDefaultInstance());
        } else if (action.requestHeaders() != null) {
            envoy.setRequestHeaders(RateLimit.Action.RequestHeaders.newBuilder()
                    .setHeaderName(action.requestHeaders().headerName())
                    .setDescriptorKey(action.requestHeaders().descriptorKey())
                    .setSkipIfAbsent(set));
        } else if (action.genericKey() != null) {
            envoy.setGenericKey(RateLimit.Action.GenericKey.newBuilder()
                    .setDescriptorValue(action.genericKey().descriptorValue()));
        } else if (action.headerValueMatch() != null) {
            Action.HeaderValueMatch match = action.headerValueMatch();
            RateLimit.Action.HeaderValueMatch.Builder header = RateLimit.Action.HeaderValueMatch.newBuilder()
                    .setDescriptorValue(match.descriptorValue())
                    .setExpectMatch(BoolValue.of(match.expectMatch() == null || match.expectMatch()));
            match.headers().forEach(matcher -> header.addHeaders(headerMatcher(matcher)));
            envoy.setHeaderValueMatch(header);
        } else if (action.metadata() != null) {
            Action.MetadataAction metadata = action.metadata();
            RateLimit.Action.MetaData.Builder meta = RateLimit.Action.MetaData.newBuilder()
                    .setDescriptorKey(metadata.descriptorKey())
                    .setMetadataKey(metadataKey(metadata.metadataKey()))
                    .setSource("ROUTE_ENTRY".equals(metadata.source()) ? RateLimit.Action.MetaData.Source.ROUTE_ENTRY
                            : RateLimit.Action.MetaData.Source.DYNAMIC);
            if (metadata.defaultValue() != null) {
                meta.setDefaultValue(metadata.defaultValue());
            }
            envoy.setMetadata(meta);
        } else {
            throw new IllegalArgumentException("an action of no kind (RateLimitConfigCheck lets none through)");
        }
        return envoy.build();
    }

    private static HeaderMatcher headerMatcher(Action.HeaderMatcher matcher) {
        HeaderMatcher.Builder header = HeaderMatcher.newBuilder().setName(matcher.name())
                .setInvertMatch(Boolean.TRUE.equals(matcher.invertMatch()));
        if (matcher.exactMatch() != null) {
            header.setStringMatch(StringMatcher.newBuilder().setExact(matcher.exactMatch()));
        } else if (matcher.regexMatch() != null) {
            header.setStringMatch(StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder()
                    .setRegex(matcher.regexMatch())));
        } else if (matcher.prefixMatch() != null) {
            header.setStringMatch(StringMatcher.newBuilder().setPrefix(matcher.prefixMatch()));
        } else if (matcher.suffixMatch() != null) {
            header.setStringMatch(StringMatcher.newBuilder().setSuffix(matcher.suffixMatch()));
        } else if (matcher.rangeMatch() != null) {
            header.setRangeMatch(Int64Range.newBuilder().setStart(matcher.rangeMatch().start())
                    .setEnd(matcher.rangeMatch().end()));
        } else {
            // no match kind, or presentMatch: the header is there (presentMatch: false inverts it)
            header.setPresentMatch(true);
            if (Boolean.FALSE.equals(matcher.presentMatch())) {
                header.setInvertMatch(!Boolean.TRUE.equals(matcher.invertMatch()));
            }
        }
        return header.build();
    }

    private static MetadataKey metadataKey(Action.MetadataKey key) {
        MetadataKey.Builder envoy = MetadataKey.newBuilder().setKey(key.key());
        key.path().forEach(segment -> envoy.addPath(MetadataKey.PathSegment.newBuilder().setKey(segment.key())));
        return envoy.build();
    }
}
