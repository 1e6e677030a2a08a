package dev.gantry.model;

/** The API group and version of every Gantry kind. */
public final class GantryApi {

    public static final String GROUP = "gateway.gantry.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    private GantryApi() {
    }
}
