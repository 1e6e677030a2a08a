package dev.gantry.translator.features;

/**
 * The one order of the HTTP filters in every connection manager, written once (as Envoy Gateway's
 * {@code newOrderedHTTPFilter}). A feature names its slot; {@link FeatureSet} sorts the contributions by slot
 * and puts the router last. Slots for features still to come are listed so that they land where this order
 * says, not where they happen to be registered.
 */
public enum HttpFilterOrder {

    /**
     * The health check filter (HttpListenerOption {@code healthCheck}) before everything: it answers the proxy's own
     * health checks, which no auth, limit or fault may refuse.
     */
    HEALTH_CHECK,
    /**
     * Response compression (HttpListenerOption {@code gzip}, {@code brotli}): responses pass the filters in reverse,
     * so being early makes it the last to touch a response, compressing what every other filter answered too.
     */
    COMPRESSION,
    /** CORS first: a preflight is answered before anything could refuse it for lacking credentials. */
    CORS,
    /**
     * gRPC-Web (HttpListenerOption {@code grpcWeb}): after CORS, which answers browsers' preflights; before every
     * filter that reads a gRPC request, which it makes of the gRPC-Web one.
     */
    GRPC_WEB,
    /**
     * CSRF: after CORS, which answers preflights (never mutations, so nothing CSRF would refuse); before
     * authorization, so that a forged cross-site request is refused before it costs an auth call.
     */
    CSRF,
    /**
     * Early global rate limiting ({@code rateLimitEarlyConfigs}, Envoy stage 1): before external authorization, so
     * that a flood of requests is refused before each costs an auth call (Gloo's early stage).
     */
    EARLY_RATE_LIMIT,
    /** External authorization (issue 8): before rate limiting, so that refused requests cost no quota. */
    EXTERNAL_AUTH,
    /** Fault injection: after authorization, so that faults are never a way around it. */
    FAULT,
    /** Local (per Envoy) rate limiting: cheap, before the global one. */
    LOCAL_RATE_LIMIT,
    /** Global rate limiting with the ratelimit service (issue 7). */
    RATE_LIMIT,
    /**
     * Transformations ({@code stagedTransformations}, a per-route Lua script): after auth and rate limits, so that
     * a refused request costs no body read and no script; templates see the request as it will be forwarded by the
     * filters before. Gloo's {@code regular} stage runs there too.
     */
    TRANSFORMATION,
    /**
     * Buffering whole requests ({@code bufferPerRoute}): last before the router, so that a request is read into
     * memory only once every filter that could refuse it (auth, faults, rate limits) has let it through. Envoy
     * Gateway puts it before rate limiting; after is cheaper for refused requests and changes nothing else.
     */
    BUFFER,
    /** Reserved for the router, which {@link FeatureSet} adds itself: nothing may follow it. */
    ROUTER
}
