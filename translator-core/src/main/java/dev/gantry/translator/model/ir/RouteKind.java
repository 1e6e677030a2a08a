package dev.gantry.translator.model.ir;

import java.util.List;

/** The route kinds Gantry attaches, and which listener protocols take each. */
enum RouteKind {
    HTTP_ROUTE("HTTPRoute"), GRPC_ROUTE("GRPCRoute"), TLS_ROUTE("TLSRoute"), TCP_ROUTE("TCPRoute");

    final String kind;

    RouteKind(String kind) {
        this.kind = kind;
    }

    static List<RouteKind> supportedBy(ListenerProtocol protocol) {
        return switch (protocol) {
            case HTTP, HTTPS -> List.of(HTTP_ROUTE, GRPC_ROUTE);
            case TLS -> List.of(TLS_ROUTE);
            case TCP -> List.of(TCP_ROUTE);
        };
    }

    /** Whether routes of this kind are matched against listener hostnames. */
    boolean hasHostnames() {
        return this != TCP_ROUTE;
    }
}
