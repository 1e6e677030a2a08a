package dev.gantry.e2e;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.grpc.testing.protobuf.SimpleRequest;
import io.grpc.testing.protobuf.SimpleResponse;
import io.grpc.testing.protobuf.SimpleServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A gRPC backend on 127.0.0.1 that answers every unary call with its own name, and every server-streaming
 * call with one message holding its name (so a second method can be routed on its own).
 */
final class EchoBackend implements AutoCloseable {

    private final Server server;

    EchoBackend(String name) throws IOException {
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new SimpleServiceGrpc.SimpleServiceImplBase() {
                    @Override
                    public void unaryRpc(SimpleRequest request, StreamObserver<SimpleResponse> response) {
                        response.onNext(SimpleResponse.newBuilder().setResponseMessage(name).build());
                        response.onCompleted();
                    }

                    @Override
                    public void serverStreamingRpc(SimpleRequest request, StreamObserver<SimpleResponse> response) {
                        response.onNext(SimpleResponse.newBuilder().setResponseMessage(name).build());
                        response.onCompleted();
                    }
                })
                .build()
                .start();
    }

    int port() {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
