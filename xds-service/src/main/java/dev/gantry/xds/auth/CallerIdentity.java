package dev.gantry.xds.auth;

import io.grpc.Context;

/**
 * Carries the identity {@link XdsAuthInterceptor} established into the call's gRPC {@link Context}, where
 * java-control-plane's callbacks (run inside the call) find it next to the node.
 */
public final class CallerIdentity {

    static final Context.Key<XdsIdentity> KEY = Context.key("gantry-xds-identity");

    private CallerIdentity() {
    }

    /** The identity of the call being served on this thread, or null outside an authenticated call. */
    public static XdsIdentity current() {
        return KEY.get();
    }
}
