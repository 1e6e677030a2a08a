package dev.gantry.extauth.evaluator.passthrough;

import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthEvaluatorFactory;
import dev.gantry.extauth.evaluator.Durations;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.model.auth.AuthCheck;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * {@code passThroughAuth}: the decision is the user's own service's, reached over gRPC (an ext_authz-compatible
 * {@code Authorization/Check}) or HTTP. {@code connectionTimeout} (default 5s, Gloo's) bounds each call; a call
 * that fails or times out refuses the request unless {@code failureModeAllow}.
 */
@Component
public class PassThroughEvaluatorFactory implements AuthEvaluatorFactory {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** One client for every HTTP pass-through check: connections are pooled per host by the JDK. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(DEFAULT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    public String kind() {
        return "passThroughAuth";
    }

    @Override
    public boolean appliesTo(AuthCheck check) {
        return check.passThroughAuth() != null;
    }

    @Override
    public AuthEvaluator compile(AuthCheck check, EvaluatorContext context) throws InvalidAuthConfigException {
        AuthCheck.PassThroughAuth spec = check.passThroughAuth();
        boolean failureModeAllow = Boolean.TRUE.equals(spec.failureModeAllow());
        if ((spec.grpc() == null) == (spec.http() == null)) {
            throw new InvalidAuthConfigException("set exactly one of grpc and http");
        }
        if (spec.grpc() != null) {
            return grpc(spec.grpc(), failureModeAllow);
        }
        return http(spec.http(), spec.config(), failureModeAllow);
    }

    private static AuthEvaluator grpc(AuthCheck.GrpcPassThrough spec, boolean failureModeAllow)
            throws InvalidAuthConfigException {
        if (spec.address() == null || spec.address().isBlank()) {
            throw new InvalidAuthConfigException("grpc.address is required (host:port)");
        }
        Duration timeout = Durations.parse(spec.connectionTimeout(), DEFAULT_TIMEOUT);
        ManagedChannel channel;
        try {
            // plaintext: the service is reached inside the cluster, as Gloo's pass-through does without tlsConfig
            channel = ManagedChannelBuilder.forTarget(spec.address().strip()).usePlaintext().build();
        } catch (IllegalArgumentException e) {
            throw new InvalidAuthConfigException("grpc.address is not a host:port");
        }
        return new GrpcPassThroughEvaluator(channel, timeout, failureModeAllow);
    }

    private AuthEvaluator http(AuthCheck.HttpPassThrough spec, Map<String, Object> config, boolean failureModeAllow)
            throws InvalidAuthConfigException {
        URI url;
        try {
            url = URI.create(spec.url() == null ? "" : spec.url().strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidAuthConfigException("http.url is not a URL");
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new InvalidAuthConfigException("http.url must be an http or https URL");
        }
        Duration timeout = Durations.parse(spec.connectionTimeout(), DEFAULT_TIMEOUT);
        AuthCheck.HttpPassThroughRequest request = spec.request();
        AuthCheck.HttpPassThroughResponse response = spec.response();
        Set<String> allowedHeaders = lowerCase(request == null ? null : request.allowedHeaders());
        Map<String, String> headersToAdd = request == null || request.headersToAdd() == null ? Map.of()
                : Map.copyOf(request.headersToAdd());
        Set<String> upstreamHeaders = lowerCase(response == null ? null : response.allowedUpstreamHeaders());
        return new HttpPassThroughEvaluator(http, url, timeout, allowedHeaders, headersToAdd, upstreamHeaders,
                config == null ? Map.of() : config, failureModeAllow);
    }

    private static Set<String> lowerCase(List<String> names) {
        return names == null ? Set.of()
                : names.stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
