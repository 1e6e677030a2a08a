package dev.gantry.extauth.evaluator.passthrough;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.Code;
import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.AuthRequest;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the user's own ext_authz service with Envoy's very CheckRequest. Its OK passes with the headers it set and
 * its dynamic metadata as state; its denial keeps the status and headers it chose (it is the user's service, so
 * what it tells the client is the user's decision).
 */
final class GrpcPassThroughEvaluator implements AuthEvaluator {

    private static final Logger log = LoggerFactory.getLogger(GrpcPassThroughEvaluator.class);

    private final ManagedChannel channel;
    private final AuthorizationGrpc.AuthorizationStub stub;
    private final Duration timeout;
    private final boolean failureModeAllow;

    GrpcPassThroughEvaluator(ManagedChannel channel, Duration timeout, boolean failureModeAllow) {
        this.channel = channel;
        this.stub = AuthorizationGrpc.newStub(channel);
        this.timeout = timeout;
        this.failureModeAllow = failureModeAllow;
    }

    @Override
    public CompletionStage<AuthOutcome> evaluate(AuthRequest request) {
        CompletableFuture<AuthOutcome> outcome = new CompletableFuture<>();
        stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS).check(request.raw(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(CheckResponse response) {
                        outcome.complete(outcomeOf(response));
                    }

                    @Override
                    public void onError(Throwable error) {
                        if (failureModeAllow) {
                            log.debug("pass-through service failed, allowed by failureModeAllow: {}", error.toString());
                            outcome.complete(AuthOutcome.allow());
                        } else {
                            outcome.completeExceptionally(new PassThroughFailure("gRPC pass-through service failed: "
                                    + io.grpc.Status.fromThrowable(error).getCode()));
                        }
                    }

                    @Override
                    public void onCompleted() {
                        if (!outcome.isDone()) {
                            onError(new IllegalStateException("no response"));
                        }
                    }
                });
        return outcome;
    }

    static AuthOutcome outcomeOf(CheckResponse response) {
        if (response.getStatus().getCode() == Code.OK_VALUE) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (HeaderValueOption header : response.getOkResponse().getHeadersList()) {
                headers.put(header.getHeader().getKey(), header.getHeader().getValue());
            }
            return AuthOutcome.allow(headers, toMap(response.getDynamicMetadata()));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (HeaderValueOption header : response.getDeniedResponse().getHeadersList()) {
            headers.put(header.getHeader().getKey(), header.getHeader().getValue());
        }
        int status = response.getDeniedResponse().getStatus().getCodeValue();
        if (status < 300 || status > 599) {
            // Envoy's own default for a denial that names no status (a 3xx is kept: the service may redirect)
            status = response.getStatus().getCode() == Code.UNAUTHENTICATED_VALUE ? 401 : 403;
        }
        return new AuthOutcome.Deny(status, headers);
    }

    private static Map<String, Object> toMap(Struct struct) {
        Map<String, Object> map = new LinkedHashMap<>();
        struct.getFieldsMap().forEach((k, v) -> map.put(k, toJava(v)));
        return map;
    }

    private static Object toJava(Value value) {
        return switch (value.getKindCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case NUMBER_VALUE -> value.getNumberValue();
            case STRUCT_VALUE -> toMap(value.getStructValue());
            case LIST_VALUE -> {
                List<Object> list = new ArrayList<>();
                value.getListValue().getValuesList().forEach(v -> list.add(toJava(v)));
                yield list;
            }
            default -> "";
        };
    }

    @Override
    public void close() {
        channel.shutdown();
    }
}
