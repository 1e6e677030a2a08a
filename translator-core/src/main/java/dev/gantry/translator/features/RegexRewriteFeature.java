package dev.gantry.translator.features;

import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.model.ir.policy.RouteSettingsIr.RegexRewrite;
import dev.gantry.translator.validation.EnvoyRegexes;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.Optional;

/**
 * A RouteOption's {@code regexRewrite} as the route's {@code regex_rewrite}. The pattern is judged as Envoy
 * would (RE2 and its program-size limit); a path rewritten already (a URLRewrite, a {@code prefixRewrite}) makes
 * the rule invalid, because Envoy takes one path rewrite per route.
 */
final class RegexRewriteFeature implements Feature {

    @Override
    public String name() {
        return "regexRewrite";
    }

    @Override
    public void readRule(HTTPRouteRule rule, RuleReading reading) {
        RouteOptions options = RouteOptionFields.of(rule);
        if (options == null || options.regexRewrite() == null || !reading.forwards()) {
            return;
        }
        RouteOptions.RegexRewrite rewrite = options.regexRewrite();
        String regex = rewrite.pattern() == null ? null : rewrite.pattern().regex();
        if (regex == null || regex.isEmpty()) {
            reading.problems().invalid("regexRewrite.pattern.regex: a regex rewrite needs a pattern");
            return;
        }
        Optional<String> problem = EnvoyRegexes.problem(regex);
        if (problem.isPresent()) {
            reading.problems().invalid("regexRewrite.pattern.regex: " + problem.get());
            return;
        }
        if (reading.pathRewritten()) {
            reading.problems().invalid("regexRewrite: the path is rewritten already (URLRewrite or prefixRewrite)");
            return;
        }
        reading.pathRewrittenNow();
        reading.attach(new RegexRewrite(regex, rewrite.substitution() == null ? "" : rewrite.substitution()));
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        if (route.hasRoute()) {
            context.policies().attached().get(RegexRewrite.class).ifPresent(rewrite -> route.getRouteBuilder()
                    .setRegexRewrite(RegexMatchAndSubstitute.newBuilder()
                            .setPattern(RegexMatcher.newBuilder().setRegex(rewrite.regex()))
                            .setSubstitution(rewrite.substitution())));
        }
    }
}
