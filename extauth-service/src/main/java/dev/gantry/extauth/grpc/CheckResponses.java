package dev.gantry.extauth.grpc;

import com.google.protobuf.BoolValue;
import com.google.rpc.Code;
import com.google.rpc.Status;
import dev.gantry.extauth.evaluator.AuthOutcome;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;

/** An {@link AuthOutcome} as Envoy's ext_authz {@link CheckResponse}. */
final class CheckResponses {

    private static final Status OK = Status.newBuilder().setCode(Code.OK_VALUE).build();
    private static final BoolValue OVERWRITE = BoolValue.of(false);

    private CheckResponses() {
    }

    static CheckResponse of(AuthOutcome outcome) {
        if (outcome instanceof AuthOutcome.Allow allow) {
            return allowed(allow);
        }
        if (outcome instanceof AuthOutcome.Redirect redirect) {
            DeniedHttpResponse.Builder denied = DeniedHttpResponse.newBuilder()
                    .setStatus(HttpStatus.newBuilder().setCode(StatusCode.Found))
                    .addHeaders(header("Location", redirect.location()));
            redirect.headers().forEach((k, v) -> denied.addHeaders(header(k, v)));
            return CheckResponse.newBuilder().setStatus(status(Code.UNAUTHENTICATED)).setDeniedResponse(denied).build();
        }
        AuthOutcome.Deny deny = (AuthOutcome.Deny) outcome;
        StatusCode code = StatusCode.forNumber(deny.status());
        DeniedHttpResponse.Builder denied = DeniedHttpResponse.newBuilder()
                .setStatus(HttpStatus.newBuilder().setCode(code == null ? StatusCode.Forbidden : code));
        deny.headers().forEach((k, v) -> denied.addHeaders(header(k, v)));
        Code grpcCode = switch (deny.status()) {
            case 401 -> Code.UNAUTHENTICATED;
            case 503 -> Code.UNAVAILABLE;
            default -> Code.PERMISSION_DENIED;
        };
        return CheckResponse.newBuilder().setStatus(status(grpcCode)).setDeniedResponse(denied).build();
    }

    private static CheckResponse allowed(AuthOutcome.Allow allow) {
        CheckResponse.Builder response = CheckResponse.newBuilder().setStatus(OK);
        OkHttpResponse.Builder ok = response.getOkResponseBuilder();
        allow.headers().forEach((k, v) -> ok.addHeaders(header(k, v)));
        if (!allow.state().isEmpty()) {
            response.setDynamicMetadata(Structs.toStruct(allow.state()));
        }
        return response.build();
    }

    private static Status status(Code code) {
        return Status.newBuilder().setCode(code.getNumber()).build();
    }

    /** Replaces any header of that name (a client must not be able to pre-set an identity header). */
    private static HeaderValueOption header(String name, String value) {
        return HeaderValueOption.newBuilder()
                .setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
                .setAppend(OVERWRITE)
                .build();
    }
}
