package dev.gantry.xds.auth;

/**
 * The ServiceAccount the deployer gives a Gateway's Envoy pods: named after the Gateway, in its namespace
 * (watcher-service {@code ProxyObjectsFactory}: {@code withServiceAccountName(gatewayName)}). Kept in one place so
 * the two sides change together.
 */
public final class ProxyServiceAccount {

    private ProxyServiceAccount() {
    }

    public static String nameOf(String gatewayName) {
        return gatewayName;
    }
}
