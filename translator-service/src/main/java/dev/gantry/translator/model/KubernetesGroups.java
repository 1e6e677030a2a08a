package dev.gantry.translator.model;

/** API groups of the kinds Gantry reads. */
public final class KubernetesGroups {

    public static final String CORE = "";
    public static final String GATEWAY_API = "gateway.networking.k8s.io";
    public static final String DISCOVERY = "discovery.k8s.io";
    public static final String GANTRY = "gateway.gantry.dev";

    private KubernetesGroups() {
    }
}
