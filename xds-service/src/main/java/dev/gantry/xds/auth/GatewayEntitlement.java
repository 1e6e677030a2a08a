package dev.gantry.xds.auth;

import dev.gantry.xds.auth.XdsIdentity.Anonymous;
import dev.gantry.xds.auth.XdsIdentity.GatewayIdentity;
import dev.gantry.xds.auth.XdsIdentity.ServiceAccountIdentity;

/**
 * Whether an identity may read a Gateway (given as {@code node.cluster} = {@code <namespace>/<gateway>}): the
 * Gateway's own identity or its proxy's ServiceAccount, or a ServiceAccount of the Gateway's namespace listed on it
 * through GatewayParameters.
 */
public final class GatewayEntitlement {

    private GatewayEntitlement() {
    }

    public static boolean allows(XdsIdentity identity, String gatewayKey, ListedServiceAccounts listed) {
        if (allows(identity, gatewayKey)) {
            return true;
        }
        int slash = gatewayKey.indexOf('/');
        if (identity instanceof ServiceAccountIdentity sa && slash > 0 && slash < gatewayKey.length() - 1
                && gatewayKey.indexOf('/', slash + 1) < 0) {
            String namespace = gatewayKey.substring(0, slash);
            // only ServiceAccounts of the Gateway's own namespace: a listing cannot open a Gateway to another team
            return sa.namespace().equals(namespace)
                    && listed.of(namespace, gatewayKey.substring(slash + 1)).contains(sa.serviceAccount());
        }
        return false;
    }

    /** The Gateway's own identities only. Pure. */
    public static boolean allows(XdsIdentity identity, String gatewayKey) {
        int slash = gatewayKey.indexOf('/');
        if (slash <= 0 || slash == gatewayKey.length() - 1 || gatewayKey.indexOf('/', slash + 1) >= 0) {
            return identity instanceof Anonymous;
        }
        String namespace = gatewayKey.substring(0, slash);
        String gateway = gatewayKey.substring(slash + 1);
        if (identity instanceof GatewayIdentity g) {
            return g.namespace().equals(namespace) && g.gateway().equals(gateway);
        }
        if (identity instanceof ServiceAccountIdentity sa) {
            return sa.namespace().equals(namespace) && sa.serviceAccount().equals(ProxyServiceAccount.nameOf(gateway));
        }
        return identity instanceof Anonymous;
    }
}
