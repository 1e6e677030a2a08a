package dev.gantry.translator.model.ir.policy;

/** The listener translates gRPC-Web requests from browsers to gRPC (HttpListenerOption {@code grpcWeb}). */
public record GrpcWebIr() {
}
