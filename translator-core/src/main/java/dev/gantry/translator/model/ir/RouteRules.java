package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.ir.RuleAction.Invalid;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendObjectReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TLSRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The rules of one route, resolved once per translation whatever the number of listeners it attaches to.
 *
 * @param httpRules for HTTPRoute and GRPCRoute: the rules with at least one valid match
 * @param streamAction for TLSRoute and TCPRoute: where connections go
 * @param ruleCount how many rules the route has
 * @param invalidRules how many rules were dropped because none of their matches is valid
 * @param matchProblems why matches were dropped
 * @param filterProblems why rules answer 500 because what they ask cannot be honoured (filters, timeouts,
 *                       retry, ExtensionRefs; {@link RuleFilterCheck}), one entry per such rule
 * @param notes what was left out of rules that still work (RouteOption fields not applied yet)
 * @param unresolvedMirrors the RequestMirror backendRefs that do not resolve, with their ResolvedRefs reason: the
 *                          mirror is dropped, its rule keeps forwarding (Gateway API, HTTPRequestMirrorFilter)
 */
record RouteRules(List<HttpRuleIr> httpRules, RuleAction streamAction, int ruleCount, int invalidRules,
        List<String> matchProblems, List<String> filterProblems, List<String> notes, List<Invalid> unresolvedMirrors) {

    RouteRules {
        // immutable, so the routes built on these rules share this very list (stage two caches by it)
        httpRules = List.copyOf(httpRules);
        matchProblems = List.copyOf(matchProblems);
        filterProblems = List.copyOf(filterProblems);
        notes = List.copyOf(notes);
        unresolvedMirrors = List.copyOf(unresolvedMirrors);
    }

    /** Every rule was dropped or answers 500 for what it asks: the route is not accepted. */
    boolean noUsableRule() {
        int unusable = filterProblems.size();
        return ruleCount > 0 && httpRules.size() == unusable && invalidRules + unusable > 0;
    }

    /** Why rules were dropped (invalid matches) or turned into a 500 (unusable filters), for the route's status. */
    List<String> ruleProblems() {
        List<String> problems = new ArrayList<>(matchProblems);
        problems.addAll(filterProblems);
        return problems;
    }

    /**
     * The first ResolvedRefs reason among the rules' actions, then their mirrors (a backend that does not
     * resolve costs requests, a mirror only copies), or {@code null} when every reference resolved.
     */
    String unresolvedReason() {
        return invalidActions().stream().map(Invalid::reason).filter(Objects::nonNull).findFirst().orElse(null);
    }

    String unresolvedMessage() {
        return String.join("; ", invalidActions().stream().filter(invalid -> invalid.reason() != null)
                .map(Invalid::message).distinct().toList());
    }

    private List<Invalid> invalidActions() {
        List<Invalid> invalid = new ArrayList<>();
        httpRules.forEach(rule -> {
            if (rule.action() instanceof Invalid action) {
                invalid.add(action);
            }
        });
        if (streamAction instanceof Invalid action) {
            invalid.add(action);
        }
        invalid.addAll(unresolvedMirrors);
        return invalid;
    }

    static RouteRules of(ResourceIndex index, RouteView view) {
        return switch (view.kind()) {
            case HTTP_ROUTE -> ofHttp(index, (HTTPRoute) view.object());
            case GRPC_ROUTE -> ofGrpc(index, (GRPCRoute) view.object());
            case TLS_ROUTE -> {
                TLSRoute route = (TLSRoute) view.object();
                List<BackendRef> refs = route.getSpec() == null || route.getSpec().getRules() == null
                        || route.getSpec().getRules().isEmpty() || route.getSpec().getRules().get(0) == null
                        ? null : route.getSpec().getRules().get(0).getBackendRefs();
                yield ofStream(index, view, refs, route.getSpec() == null || route.getSpec().getRules() == null
                        ? 0 : route.getSpec().getRules().size());
            }
            case TCP_ROUTE -> {
                TCPRoute route = (TCPRoute) view.object();
                List<BackendRef> refs = route.getSpec() == null || route.getSpec().getRules() == null
                        || route.getSpec().getRules().isEmpty() || route.getSpec().getRules().get(0) == null
                        ? null : route.getSpec().getRules().get(0).getBackendRefs();
                yield ofStream(index, view, refs, route.getSpec() == null || route.getSpec().getRules() == null
                        ? 0 : route.getSpec().getRules().size());
            }
        };
    }

    /** Parses one match of a rule; throws when the match is invalid. */
    private interface MatchParser<M> {
        HttpMatchIr parse(int index, M match) throws InvalidMatchException;
    }

    /**
     * A rule's valid matches (no match written means match everything); each invalid one is left out
     * and described in {@code problems}.
     */
    private static <M> List<HttpMatchIr> matchesOf(List<M> written, Supplier<M> empty, MatchParser<M> parser,
            int ruleIndex, List<String> problems) {
        List<HttpMatchIr> matches = new ArrayList<>();
        if (written == null || written.isEmpty()) {
            matches.add(HttpMatches.matchAll(0));
            return matches;
        }
        for (int matchIndex = 0; matchIndex < written.size(); matchIndex++) {
            try {
                matches.add(parser.parse(matchIndex, Objects.requireNonNullElseGet(written.get(matchIndex), empty)));
            } catch (InvalidMatchException e) {
                problems.add("rule " + ruleIndex + " match " + matchIndex + ": " + e.getMessage());
            }
        }
        return matches;
    }

    private static RouteRules ofHttp(ResourceIndex index, HTTPRoute route) {
        List<HTTPRouteRule> rules = route.getSpec() == null || route.getSpec().getRules() == null
                ? List.of() : route.getSpec().getRules();
        HttpRules built = new HttpRules(index, RouteKind.HTTP_ROUTE, route.getMetadata().getNamespace());
        // a recorded read of the namespace's RouteOptions: one targeting this route by targetRefs, added,
        // changed, retargeted or deleted, re-resolves this route
        TargetedRouteOptions targeted = TargetedRouteOptions.of(index, route);
        for (int ruleIndex = 0; ruleIndex < rules.size(); ruleIndex++) {
            HTTPRouteRule rule = rules.get(ruleIndex);
            if (rule != null) {
                built.add(ruleIndex, matchesOf(rule.getMatches(), HTTPRouteMatch::new, HttpMatches::of, ruleIndex,
                        built.problems), rule, refsOf(rule.getBackendRefs(), BackendRefSpec::of), redirects(rule.getFilters()),
                        targeted.forRule(rule.getName()));
            }
        }
        return built.rules(rules.size());
    }

    private static RouteRules ofGrpc(ResourceIndex index, GRPCRoute route) {
        List<GRPCRouteRule> rules = route.getSpec() == null || route.getSpec().getRules() == null
                ? List.of() : route.getSpec().getRules();
        HttpRules built = new HttpRules(index, RouteKind.GRPC_ROUTE, route.getMetadata().getNamespace());
        for (int ruleIndex = 0; ruleIndex < rules.size(); ruleIndex++) {
            GRPCRouteRule rule = rules.get(ruleIndex);
            if (rule != null) {
                built.add(ruleIndex, matchesOf(rule.getMatches(), GRPCRouteMatch::new, HttpMatches::of, ruleIndex,
                        built.problems), GrpcRules.asHttpRule(rule), refsOf(rule.getBackendRefs(), BackendRefSpec::of), false,
                        null);
            }
        }
        return built.rules(rules.size());
    }

    private static <T> List<BackendRefSpec> refsOf(List<T> backendRefs, Function<T, BackendRefSpec> spec) {
        return backendRefs == null ? List.of() : backendRefs.stream().filter(Objects::nonNull).map(spec).toList();
    }

    /** The rules of an HTTPRoute or GRPCRoute (as HTTP rules) while they are resolved, with what went wrong. */
    private static final class HttpRules {

        private final ResourceIndex index;
        private final RouteKind kind;
        private final String namespace;
        private final List<HttpRuleIr> result = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        private final List<String> filterProblems = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final List<Invalid> unresolvedMirrors = new ArrayList<>();
        private int invalid;

        HttpRules(ResourceIndex index, RouteKind kind, String namespace) {
            this.index = index;
            this.kind = kind;
            this.namespace = namespace;
        }

        /**
         * @param answersItself the rule redirects, so having no backendRefs is fine
         * @param targeted what RouteOptions targeting the rule by targetRefs give it, or {@code null}
         */
        void add(int ruleIndex, List<HttpMatchIr> matches, HTTPRouteRule rule, List<BackendRefSpec> refs,
                boolean answersItself, TargetedRouteOptions.ForRule targeted) {
            if (matches.isEmpty()) {
                invalid++;
                return;
            }
            RuleAction action = refs.isEmpty() && answersItself
                    ? new RuleAction.Forward(List.of())
                    : BackendResolver.resolve(index, kind.kind, namespace, refs);
            RuleFilterCheck.Verdict verdict = RuleFilterCheck.judge(index, namespace, ruleIndex, rule, action,
                    mirrors(index, kind, namespace, ruleIndex, rule, unresolvedMirrors), targeted);
            result.add(new HttpRuleIr(ruleIndex, matches, verdict.policies(), verdict.action(), verdict.mirrors()));
            if (verdict.problem() != null) {
                filterProblems.add(verdict.problem());
            }
            notes.addAll(verdict.notes());
        }

        RouteRules rules(int ruleCount) {
            return new RouteRules(result, null, ruleCount, invalid, problems, filterProblems, notes, unresolvedMirrors);
        }
    }

    /** A rule-level RequestRedirect answers by itself: no backendRefs is fine (Gateway API). */
    private static boolean redirects(List<HTTPRouteFilter> filters) {
        return filters != null && filters.stream().filter(Objects::nonNull)
                .anyMatch(filter -> "RequestRedirect".equals(filter.getType()));
    }

    /**
     * The backends of the rule's RequestMirror filters (the rule's own and its backendRefs') that resolve. One
     * that does not is left out, so the rule forwards without that copy, and its reason goes to
     * {@code unresolved} for ResolvedRefs=False.
     */
    private static List<BackendService> mirrors(ResourceIndex index, RouteKind kind, String namespace, int ruleIndex,
            HTTPRouteRule rule, List<Invalid> unresolved) {
        List<HTTPRouteFilter> filters = new ArrayList<>();
        if (rule.getFilters() != null) {
            filters.addAll(rule.getFilters());
        }
        if (rule.getBackendRefs() != null) {
            rule.getBackendRefs().stream().filter(ref -> ref != null && ref.getFilters() != null)
                    .forEach(ref -> filters.addAll(ref.getFilters()));
        }
        List<BackendService> mirrors = new ArrayList<>();
        for (HTTPRouteFilter filter : filters) {
            if (filter == null || filter.getRequestMirror() == null || filter.getRequestMirror().getBackendRef() == null) {
                continue;
            }
            BackendObjectReference ref = filter.getRequestMirror().getBackendRef();
            RuleAction action = BackendResolver.resolve(index, kind.kind, namespace, List.of(new BackendRefSpec(
                    ref.getGroup(), ref.getKind(), ref.getName(), ref.getNamespace(), ref.getPort(), 1)));
            if (action instanceof RuleAction.Forward forward) {
                forward.backends().forEach(backend -> mirrors.add(backend.service()));
            } else if (action instanceof Invalid problem && problem.reason() != null) {
                unresolved.add(new Invalid(problem.reason(), "rule " + ruleIndex + ": RequestMirror not done: "
                        + problem.message()));
            }
        }
        return mirrors;
    }

    private static RouteRules ofStream(ResourceIndex index, RouteView view, List<BackendRef> backendRefs, int ruleCount) {
        RuleAction action = BackendResolver.resolve(index, view.kind().kind, view.namespace(),
                refsOf(backendRefs, BackendRefSpec::of));
        return new RouteRules(List.of(), action, ruleCount, 0, List.of(), List.of(), List.of(), List.of());
    }
}
