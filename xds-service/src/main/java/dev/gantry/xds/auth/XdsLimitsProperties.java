package dev.gantry.xds.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code gantry.xds.limits.*}: what one client may cost the server. The inbound message size is Spring gRPC's
 * own {@code spring.grpc.server.max-inbound-message-size}.
 *
 * @param maxResourceNamesPerStream names one stream may subscribe to, over all types (SotW lists and Delta
 *                                  subscriptions alike); beyond it the stream ends with RESOURCE_EXHAUSTED
 * @param maxStreamsPerIdentity     streams one authenticated identity may hold open at once (all replicas of one
 *                                  Gateway's proxy share its identity, so this bounds replicas times streams)
 * @param maxResourceNameCharsPerStream characters those names may add up to (default 1,048,576: 10,000 names of
 *                                  about 100); together with the caps above it bounds what one identity can make
 *                                  the server hold
 */
@ConfigurationProperties("gantry.xds.limits")
public record XdsLimitsProperties(int maxResourceNamesPerStream, int maxStreamsPerIdentity,
        long maxResourceNameCharsPerStream) {

    public XdsLimitsProperties {
        if (maxResourceNamesPerStream <= 0) {
            maxResourceNamesPerStream = 10_000;
        }
        if (maxStreamsPerIdentity <= 0) {
            maxStreamsPerIdentity = 256;
        }
        if (maxResourceNameCharsPerStream <= 0) {
            maxResourceNameCharsPerStream = 1_048_576;
        }
    }
}
