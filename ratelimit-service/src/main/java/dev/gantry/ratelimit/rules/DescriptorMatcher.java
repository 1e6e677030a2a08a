package dev.gantry.ratelimit.rules;

import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the rule each descriptor of a request is held to (envoyproxy/ratelimit's matching, with Gantry's
 * per-config root and Gloo's set descriptors and weights). Pure.
 *
 * <p>A descriptor belongs to the config its first entry names ({@code gantry.config=<namespace>.<name>}). If its
 * second entry is {@code gantry.set=true}, the rest is matched as a set against the config's set rules;
 * otherwise the rest walks the config's descriptor tree, and only a node reached by the tuple's last entry
 * limits it. Then, over the whole request: a rule named by another matched rule's {@code replaces} is dropped,
 * and of the rules left only those of the highest weight count, plus any marked {@code alwaysApply}.
 */
public final class DescriptorMatcher {

    public static final String CONFIG_KEY = "gantry.config";
    public static final String SET_KEY = "gantry.set";

    private DescriptorMatcher() {
    }

    /** One element per request descriptor, null where nothing limits it. */
    public static List<Match> match(CompiledConfigs configs, RateLimitRequest request) {
        long requestHits = request.getHitsAddend() == 0 ? 1 : request.getHitsAddend();
        List<Match> matches = new ArrayList<>(request.getDescriptorsCount());
        for (int i = 0; i < request.getDescriptorsCount(); i++) {
            matches.add(matchOne(configs, i, request.getDescriptors(i), requestHits));
        }
        dropReplaced(matches);
        keepHighestWeight(matches);
        return matches;
    }

    private static Match matchOne(CompiledConfigs configs, int index, RateLimitDescriptor descriptor, long requestHits) {
        if (descriptor.getEntriesCount() < 2 || !CONFIG_KEY.equals(descriptor.getEntries(0).getKey())) {
            return null;
        }
        CompiledConfig config = configs.get(descriptor.getEntries(0).getValue());
        if (config == null) {
            return null;
        }
        boolean set = SET_KEY.equals(descriptor.getEntries(1).getKey()) && "true".equals(descriptor.getEntries(1).getValue());
        Match found = set ? matchSet(config, index, descriptor) : matchTree(config, index, descriptor);
        long hits = descriptor.hasHitsAddend() ? descriptor.getHitsAddend().getValue() : requestHits;
        if (descriptor.hasLimit()) {
            WindowUnit unit = WindowUnit.fromEnvoy(descriptor.getLimit().getUnit());
            if (unit != null) {
                // envoyproxy/ratelimit applies an override whether or not a rule matched; we do so within the config
                Rule base = found != null ? found.rule()
                        : new Rule(config.configId(), config.configId() + "/override", null,
                                LimitSpec.fixed(1, unit), false, false, 0, false, Set.of());
                LimitSpec baseLimit = base.limit() != null ? base.limit() : LimitSpec.fixed(1, unit);
                Rule overridden = base.withLimit(baseLimit.overriddenBy(descriptor.getLimit().getRequestsPerUnit(), unit));
                String tuple = found != null ? found.tuple() : tuple(descriptor, 1);
                return new Match(index, overridden, hits, tuple);
            }
        }
        return found == null ? null : new Match(index, found.rule(), hits, found.tuple());
    }

    private static Match matchTree(CompiledConfig config, int index, RateLimitDescriptor descriptor) {
        DescriptorLevel level = config.descriptors();
        int last = descriptor.getEntriesCount() - 1;
        for (int i = 1; i <= last; i++) {
            RateLimitDescriptor.Entry entry = descriptor.getEntries(i);
            DescriptorLevel.Node node = level.find(entry.getKey(), entry.getValue());
            if (node == null) {
                return null;
            }
            if (i == last) {
                return node.rule() == null ? null : new Match(index, node.rule(), 0, tuple(descriptor, 1));
            }
            if (node.children().isEmpty()) {
                return null; // the request is deeper than the config: envoyproxy/ratelimit does not limit it
            }
            level = node.children();
        }
        return null;
    }

    private static Match matchSet(CompiledConfig config, int index, RateLimitDescriptor descriptor) {
        if (config.setRules().isEmpty()) {
            return null;
        }
        Map<String, String> entries = new HashMap<>();
        for (int i = 2; i < descriptor.getEntriesCount(); i++) {
            entries.putIfAbsent(descriptor.getEntries(i).getKey(), descriptor.getEntries(i).getValue());
        }
        for (SetRule rule : config.setRules()) {
            if (contains(entries, rule)) {
                StringBuilder tuple = new StringBuilder("set").append(rule.index());
                for (SetRule.Entry wanted : rule.entries()) {
                    tuple.append('|').append(escape(wanted.key())).append('=').append(escape(entries.get(wanted.key())));
                }
                return new Match(index, rule.rule(), 0, tuple.toString());
            }
        }
        return null;
    }

    private static boolean contains(Map<String, String> entries, SetRule rule) {
        for (SetRule.Entry wanted : rule.entries()) {
            String actual = entries.get(wanted.key());
            if (actual == null || (wanted.value() != null && !wanted.value().equals(actual))) {
                return false;
            }
        }
        return true;
    }

    private static void dropReplaced(List<Match> matches) {
        Set<String> replaced = new HashSet<>();
        for (Match match : matches) {
            if (match != null) {
                replaced.addAll(match.rule().replaces());
            }
        }
        if (replaced.isEmpty()) {
            return;
        }
        matches.replaceAll(m -> m != null && m.rule().name() != null && replaced.contains(m.rule().name()) ? null : m);
    }

    private static void keepHighestWeight(List<Match> matches) {
        int highest = Integer.MIN_VALUE;
        for (Match match : matches) {
            if (match != null && !match.rule().alwaysApply()) {
                highest = Math.max(highest, match.rule().weight());
            }
        }
        int threshold = highest;
        matches.replaceAll(m -> m == null || m.rule().alwaysApply() || m.rule().weight() >= threshold ? m : null);
    }

    /** The entries from {@code from} on, each {@code key=value}, escaped so no two tuples read the same. */
    static String tuple(RateLimitDescriptor descriptor, int from) {
        StringBuilder tuple = new StringBuilder();
        for (int i = from; i < descriptor.getEntriesCount(); i++) {
            if (i > from) {
                tuple.append('|');
            }
            tuple.append(escape(descriptor.getEntries(i).getKey())).append('=')
                    .append(escape(descriptor.getEntries(i).getValue()));
        }
        return tuple.toString();
    }

    private static String escape(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('|') < 0 && s.indexOf('=') < 0) {
            return s;
        }
        return s.replace("%", "%25").replace("|", "%7C").replace("=", "%3D");
    }
}
