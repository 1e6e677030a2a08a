package dev.gantry.extauth.bench;

import com.google.rpc.Code;
import com.google.rpc.Status;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.io.IOException;

/** The baseline: a Check service on the same gRPC stack that allows everything without looking. */
final class NoopAuthorizationServer extends AuthorizationGrpc.AuthorizationImplBase {

    private static final CheckResponse OK = CheckResponse.newBuilder()
            .setStatus(Status.newBuilder().setCode(Code.OK_VALUE)).setOkResponse(OkHttpResponse.getDefaultInstance())
            .build();

    static Server start() throws IOException {
        return Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new NoopAuthorizationServer()).build().start();
    }

    @Override
    public void check(CheckRequest request, StreamObserver<CheckResponse> responses) {
        responses.onNext(OK);
        responses.onCompleted();
    }
}
