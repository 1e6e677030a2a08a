package dev.gantry.translator.model;

/** API groups of the kinds Gantry reads. */
public final class KubernetesGroups {

    public static final String CORE = "";
    public static final String GATEWAY_API = "gateway.networking.k8s.io";
    public static final String DISCOVERY = "discovery.k8s.io";
    public static final String GANTRY = "gateway.gantry.dev";
    public static final String API_EXTENSIONS = "apiextensions.k8s.io";

    private KubernetesGroups() {
    }
}
