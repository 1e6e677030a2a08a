package dev.gantry.xds.auth;

/** Who is at the other end of an xDS stream, as established by {@link XdsAuthenticator}. */
public sealed interface XdsIdentity {

    /** The key streams are counted under. */
    String name();

    /** A certificate naming the Gateway itself: {@code spiffe://<td>/ns/<namespace>/gateway/<gateway>}. */
    record GatewayIdentity(String namespace, String gateway) implements XdsIdentity {
        @Override
        public String name() {
            return "gateway:" + namespace + "/" + gateway;
        }
    }

    /** A ServiceAccount, from a certificate ({@code .../ns/<ns>/sa/<sa>}) or a reviewed token. */
    record ServiceAccountIdentity(String namespace, String serviceAccount) implements XdsIdentity {
        @Override
        public String name() {
            return "sa:" + namespace + "/" + serviceAccount;
        }
    }

    /** Mode {@code none}: nobody was asked who they are. */
    record Anonymous() implements XdsIdentity {
        @Override
        public String name() {
            return "anonymous";
        }
    }
}
