package dev.gantry.translator.model.ir;

/** Names a route: its kind ({@code HTTPRoute}, {@code GRPCRoute}, {@code TLSRoute}, {@code TCPRoute}), namespace and name. */
public record RouteRef(String kind, String namespace, String name) {

    /** {@code <namespace>/<name>}. */
    public String key() {
        return namespace + "/" + name;
    }
}
