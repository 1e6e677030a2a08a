package dev.gantry.translator.policy;

import dev.gantry.model.ratelimit.Action;
import dev.gantry.model.ratelimit.RateLimitConfigSpec;
import dev.gantry.model.ratelimit.RateLimitConfigSpec.Descriptor;
import dev.gantry.model.ratelimit.RateLimitConfigSpec.RateLimit;
import dev.gantry.model.ratelimit.RateLimitConfigSpec.RateLimitActions;
import dev.gantry.model.ratelimit.RateLimitConfigSpec.SetDescriptor;
import dev.gantry.model.ratelimit.RateLimitConfigSpec.SimpleDescriptor;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a RateLimitConfig can be served: ratelimit-service compiles what the translator accepted without judging
 * it again (docs/architecture.md, "Redis: policy configurations"), so everything it would trip on is refused here,
 * the message naming the field ({@code spec.raw.descriptors[0].rateLimit.unit: "FORTNIGHT" is not one of ...}).
 * Pure.
 */
public final class RateLimitConfigCheck {

    static final Set<String> UNITS = Set.of("SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "YEAR");
    static final Set<String> ALGORITHMS = Set.of("FIXED_WINDOW", "SLIDING_WINDOW", "TOKEN_BUCKET");
    private static final Set<String> METADATA_SOURCES = Set.of("DYNAMIC", "ROUTE_ENTRY");

    private RateLimitConfigCheck() {
    }

    /** The first problem of {@code spec}, naming the field, or {@code null} when it can be served. */
    public static String problem(RateLimitConfigSpec spec) {
        if (spec == null || spec.raw() == null) {
            return "spec.raw: missing (the only kind of RateLimitConfig)";
        }
        RateLimitConfigSpec.Raw raw = spec.raw();
        Set<String> names = new HashSet<>();
        String found = descriptors("spec.raw.descriptors", raw.descriptors(), names);
        if (found != null) {
            return found;
        }
        List<SetDescriptor> sets = nonNull(raw.setDescriptors());
        for (int i = 0; i < sets.size(); i++) {
            String where = "spec.raw.setDescriptors[" + i + "]";
            SetDescriptor set = sets.get(i);
            if (set.simpleDescriptors() == null || set.simpleDescriptors().isEmpty()) {
                return where + ".simpleDescriptors: empty (a set descriptor matches at least one entry)";
            }
            for (int j = 0; j < set.simpleDescriptors().size(); j++) {
                SimpleDescriptor simple = set.simpleDescriptors().get(j);
                if (simple == null || blank(simple.key())) {
                    return where + ".simpleDescriptors[" + j + "].key: missing";
                }
            }
            if (set.rateLimit() == null) {
                return where + ".rateLimit: missing (a set descriptor is a limit)";
            }
            found = rateLimit(where + ".rateLimit", set.rateLimit(), names);
            if (found != null) {
                return found;
            }
        }
        found = replaces(raw, names);
        if (found != null) {
            return found;
        }
        List<RateLimitActions> limits = nonNull(raw.rateLimits());
        for (int i = 0; i < limits.size(); i++) {
            found = rateLimitActions("spec.raw.rateLimits[" + i + "]", limits.get(i));
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String descriptors(String where, List<Descriptor> descriptors, Set<String> names) {
        List<Descriptor> list = nonNull(descriptors);
        for (int i = 0; i < list.size(); i++) {
            Descriptor descriptor = list.get(i);
            String at = where + "[" + i + "]";
            if (blank(descriptor.key())) {
                return at + ".key: missing";
            }
            if (descriptor.weight() != null && descriptor.weight() < 0) {
                return at + ".weight: " + descriptor.weight() + " is negative";
            }
            if (descriptor.rateLimit() != null) {
                String found = rateLimit(at + ".rateLimit", descriptor.rateLimit(), names);
                if (found != null) {
                    return found;
                }
            }
            String found = descriptors(at + ".descriptors", descriptor.descriptors(), names);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String rateLimit(String where, RateLimit limit, Set<String> names) {
        if (limit.name() != null && !names.add(limit.name())) {
            return where + ".name: \"" + limit.name() + "\" names two limits";
        }
        if (Boolean.TRUE.equals(limit.unlimited())) {
            return null; // answered OK without counting: unit and requestsPerUnit do not matter
        }
        if (limit.unit() == null || !UNITS.contains(limit.unit())) {
            return where + ".unit: " + quoted(limit.unit()) + " is not one of " + sorted(UNITS);
        }
        if (limit.requestsPerUnit() == null) {
            return where + ".requestsPerUnit: missing";
        }
        if (limit.requestsPerUnit() < 0) {
            return where + ".requestsPerUnit: " + limit.requestsPerUnit() + " is negative";
        }
        if (limit.unitMultiplier() != null && limit.unitMultiplier() < 1) {
            return where + ".unitMultiplier: " + limit.unitMultiplier() + " is not at least 1";
        }
        if (limit.algorithm() != null && !ALGORITHMS.contains(limit.algorithm())) {
            return where + ".algorithm: " + quoted(limit.algorithm()) + " is not one of " + sorted(ALGORITHMS);
        }
        if (limit.burst() != null) {
            if (!"TOKEN_BUCKET".equals(limit.algorithm())) {
                return where + ".burst: only a TOKEN_BUCKET has a burst";
            }
            if (limit.burst() < 1) {
                return where + ".burst: " + limit.burst() + " is not at least 1";
            }
        }
        return null;
    }

    /** Every {@code replaces} names a limit of this config. */
    private static String replaces(RateLimitConfigSpec.Raw raw, Set<String> names) {
        List<Object[]> limits = new java.util.ArrayList<>();
        collect("spec.raw.descriptors", raw.descriptors(), limits);
        List<SetDescriptor> sets = nonNull(raw.setDescriptors());
        for (int i = 0; i < sets.size(); i++) {
            limits.add(new Object[] {"spec.raw.setDescriptors[" + i + "].rateLimit", sets.get(i).rateLimit()});
        }
        for (Object[] entry : limits) {
            RateLimit limit = (RateLimit) entry[1];
            List<RateLimitConfigSpec.Replaces> replaced = limit == null ? List.of() : nonNull(limit.replaces());
            for (int i = 0; i < replaced.size(); i++) {
                String name = replaced.get(i).name();
                if (blank(name) || !names.contains(name)) {
                    return entry[0] + ".replaces[" + i + "].name: " + quoted(name) + " names no limit of this config";
                }
            }
        }
        return null;
    }

    private static void collect(String where, List<Descriptor> descriptors, List<Object[]> out) {
        List<Descriptor> list = nonNull(descriptors);
        for (int i = 0; i < list.size(); i++) {
            String at = where + "[" + i + "]";
            out.add(new Object[] {at + ".rateLimit", list.get(i).rateLimit()});
            collect(at + ".descriptors", list.get(i).descriptors(), out);
        }
    }

    private static String rateLimitActions(String where, RateLimitActions entry) {
        boolean ordered = entry.actions() != null && !entry.actions().isEmpty();
        boolean set = entry.setActions() != null && !entry.setActions().isEmpty();
        if (ordered == set) {
            return where + ": exactly one of actions and setActions must list actions";
        }
        List<Action> actions = ordered ? entry.actions() : entry.setActions();
        String field = where + (ordered ? ".actions" : ".setActions");
        for (int i = 0; i < actions.size(); i++) {
            String found = action(field + "[" + i + "]", actions.get(i));
            if (found != null) {
                return found;
            }
        }
        if (entry.limit() != null) {
            if (entry.limit().dynamicMetadata() == null) {
                return where + ".limit.dynamicMetadata: missing";
            }
            String found = metadataKey(where + ".limit.dynamicMetadata.metadataKey", entry.limit().dynamicMetadata().metadataKey());
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** One action: exactly one kind, with what that kind needs. */
    static String action(String where, Action action) {
        if (action == null) {
            return where + ": empty (one of " + String.join(", ", ActionKinds.NAMES) + ")";
        }
        List<String> kinds = ActionKinds.of(action);
        if (kinds.size() != 1) {
            return where + ": " + (kinds.isEmpty() ? "no action kind" : "several action kinds " + kinds)
                    + " (exactly one of " + String.join(", ", ActionKinds.NAMES) + ")";
        }
        if (action.requestHeaders() != null) {
            if (blank(action.requestHeaders().headerName())) {
                return where + ".requestHeaders.headerName: missing";
            }
            if (blank(action.requestHeaders().descriptorKey())) {
                return where + ".requestHeaders.descriptorKey: missing";
            }
        }
        if (action.genericKey() != null && blank(action.genericKey().descriptorValue())) {
            return where + ".genericKey.descriptorValue: missing";
        }
        if (action.headerValueMatch() != null) {
            Action.HeaderValueMatch match = action.headerValueMatch();
            if (blank(match.descriptorValue())) {
                return where + ".headerValueMatch.descriptorValue: missing";
            }
            if (match.headers() == null || match.headers().isEmpty()) {
                return where + ".headerValueMatch.headers: empty";
            }
            for (int i = 0; i < match.headers().size(); i++) {
                String found = headerMatcher(where + ".headerValueMatch.headers[" + i + "]", match.headers().get(i));
                if (found != null) {
                    return found;
                }
            }
        }
        if (action.metadata() != null) {
            Action.MetadataAction metadata = action.metadata();
            if (blank(metadata.descriptorKey())) {
                return where + ".metadata.descriptorKey: missing";
            }
            if (metadata.source() != null && !METADATA_SOURCES.contains(metadata.source())) {
                return where + ".metadata.source: " + quoted(metadata.source()) + " is not one of " + sorted(METADATA_SOURCES);
            }
            return metadataKey(where + ".metadata.metadataKey", metadata.metadataKey());
        }
        return null;
    }

    private static String headerMatcher(String where, Action.HeaderMatcher matcher) {
        if (matcher == null || blank(matcher.name())) {
            return where + ".name: missing";
        }
        long kinds = java.util.stream.Stream.of(matcher.exactMatch(), matcher.regexMatch(), matcher.prefixMatch(),
                matcher.suffixMatch(), matcher.presentMatch(), matcher.rangeMatch()).filter(Objects::nonNull).count();
        if (kinds > 1) {
            return where + ": several matches (at most one of exactMatch, regexMatch, prefixMatch, suffixMatch, "
                    + "presentMatch, rangeMatch)";
        }
        if (matcher.regexMatch() != null) {
            java.util.Optional<String> problem = dev.gantry.translator.validation.EnvoyRegexes.problem(matcher.regexMatch());
            if (problem.isPresent()) {
                return where + ".regexMatch: " + problem.get();
            }
        }
        if (matcher.rangeMatch() != null && (matcher.rangeMatch().start() == null || matcher.rangeMatch().end() == null
                || matcher.rangeMatch().start() >= matcher.rangeMatch().end())) {
            return where + ".rangeMatch: needs start < end";
        }
        return null;
    }

    private static String metadataKey(String where, Action.MetadataKey key) {
        if (key == null || blank(key.key())) {
            return where + ".key: missing";
        }
        if (key.path() == null || key.path().isEmpty()) {
            return where + ".path: empty";
        }
        for (int i = 0; i < key.path().size(); i++) {
            if (key.path().get(i) == null || blank(key.path().get(i).key())) {
                return where + ".path[" + i + "].key: missing";
            }
        }
        return null;
    }

    static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String quoted(String value) {
        return value == null ? "(none)" : "\"" + value + "\"";
    }

    private static String sorted(Set<String> values) {
        return values.stream().sorted().toList().toString();
    }
}
