package dev.gantry.xds.auth;

import java.util.Set;

/**
 * The ServiceAccounts listed on a Gateway through its GatewayParameters ({@code spec.xds.serviceAccounts}): besides
 * the proxy the deployer made, these may read the Gateway (names in the Gateway's namespace).
 */
public interface ListedServiceAccounts {

    /** None anywhere: what a deployment without a Kubernetes API (docker compose) has. */
    ListedServiceAccounts NONE = (namespace, gateway) -> Set.of();

    /** The names listed for Gateway {@code namespace/gateway}; empty when none are, or when that cannot be told. */
    Set<String> of(String namespace, String gateway);
}
