package dev.gantry.extauth.grpc;

import dev.gantry.extauth.engine.AuthConfigs;
import dev.gantry.extauth.engine.AuthDecision;
import dev.gantry.extauth.evaluator.AuthRequest;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Envoy's {@code envoy.service.auth.v3.Authorization/Check}: finds the AuthConfig named by the route's
 * {@code context_extensions["config_id"]} and answers with its decision. A config_id not held is refused with 403
 * (fail closed), logged and counted.
 */
@Service
public class AuthorizationService extends AuthorizationGrpc.AuthorizationImplBase {

    public static final String CONFIG_ID = "config_id";
    private static final Logger log = LoggerFactory.getLogger(AuthorizationService.class);
    /** Warn once per unknown id (Envoy retries the same route's id on every request); debug after that. */
    private static final int MAX_REMEMBERED_UNKNOWN = 1024;

    private final AuthConfigs configs;
    private final CheckMetrics metrics;
    private final Set<String> warnedUnknown = ConcurrentHashMap.newKeySet();

    public AuthorizationService(AuthConfigs configs, CheckMetrics metrics) {
        this.configs = configs;
        this.metrics = metrics;
    }

    @Override
    public void check(CheckRequest request, StreamObserver<CheckResponse> responses) {
        long start = System.nanoTime();
        Map<String, String> extensions = request.getAttributes().getContextExtensionsMap();
        String configId = extensions.get(CONFIG_ID);
        Optional<AuthConfigs.Held> held = configs.lookup(configId);
        if (held.isEmpty() || held.get().rejected()) {
            AuthDecision decision = held.isEmpty() ? AuthDecision.UNKNOWN : AuthDecision.REJECTED;
            noteRefusedConfig(configId, decision);
            respond(responses, decision, held.isEmpty() ? CheckMetrics.UNKNOWN_CONFIG_TAG : configId, start);
            return;
        }
        held.get().compiled().check(AuthRequest.of(request, configId)).whenComplete((decision, error) -> {
            if (error != null) {
                log.error("check of {} failed unexpectedly, request refused", configId, error);
                decision = new AuthDecision(new dev.gantry.extauth.evaluator.AuthOutcome.Deny(503, Map.of()),
                        AuthDecision.Result.ERROR);
            }
            respond(responses, decision, configId, start);
        });
    }

    private void respond(StreamObserver<CheckResponse> responses, AuthDecision decision, String configTag,
            long start) {
        // counted before answering, so that whoever got the answer also finds it counted
        metrics.record(configTag, decision.result(), System.nanoTime() - start);
        try {
            responses.onNext(CheckResponses.of(decision.outcome()));
            responses.onCompleted();
        } catch (RuntimeException e) {
            // the call was cancelled (Envoy gave up): nothing to answer
            log.debug("could not answer a check of {}: {}", configTag, e.toString());
        }
    }

    private void noteRefusedConfig(String configId, AuthDecision decision) {
        String shown = configId == null ? "(none)" : configId;
        boolean first = warnedUnknown.size() < MAX_REMEMBERED_UNKNOWN && warnedUnknown.add(decision.result() + shown);
        if (first) {
            log.warn("refusing checks for config_id {} with 403: {}", shown,
                    decision.result() == AuthDecision.Result.UNKNOWN_CONFIG
                            ? "no AuthConfig by that id is held (not written yet, deleted, or a typo in the route)"
                            : "its AuthConfig was refused (see the error logged when it was loaded)");
        } else {
            log.debug("refusing check for config_id {}: {}", shown, decision.result().tag());
        }
    }
}
