package dev.gantry.xds.snapshot;

import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;

/**
 * Which listeners of a Gateway a node gets: Envoy takes socket listeners only (it accepts API listeners only
 * from its bootstrap), proxyless gRPC takes API listeners only (it has no use for sockets).
 */
public enum NodeView {
    ENVOY("envoy"),
    PROXYLESS("grpc");

    /** Node metadata flag a bootstrap can set to ask for the proxyless view. */
    public static final String PROXYLESS_METADATA_FIELD = "gantry.dev/proxyless";

    private final String suffix;

    NodeView(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    public static NodeView of(Node node) {
        if (node.getUserAgentName().startsWith("gRPC")) {
            return PROXYLESS;
        }
        Value flag = node.getMetadata().getFieldsMap().get(PROXYLESS_METADATA_FIELD);
        if (flag != null && (flag.getBoolValue() || "true".equalsIgnoreCase(flag.getStringValue()))) {
            return PROXYLESS;
        }
        return ENVOY;
    }

    public static NodeView ofSuffix(String suffix) {
        for (NodeView view : values()) {
            if (view.suffix.equals(suffix)) {
                return view;
            }
        }
        throw new IllegalArgumentException("unknown view " + suffix);
    }
}
