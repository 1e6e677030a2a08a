package dev.gantry.extauth.support;

import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthRequest;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** CheckRequests shaped as Envoy's ext_authz filter sends them. */
public final class Requests {

    private Requests() {
    }

    /**
     * @param headers request headers; Envoy sends them lower-cased, with :authority, :method and :path among them
     */
    public static CheckRequest check(String configId, String method, String path, Map<String, String> headers) {
        AttributeContext.HttpRequest.Builder http = AttributeContext.HttpRequest.newBuilder()
                .setId("1234").setMethod(method).setPath(path).setHost("shop.example.com").setScheme("https")
                .setProtocol("HTTP/1.1")
                .putHeaders(":authority", "shop.example.com").putHeaders(":method", method).putHeaders(":path", path)
                .putHeaders("x-forwarded-proto", "https").putHeaders("user-agent", "curl/8.5.0");
        headers.forEach((k, v) -> http.putHeaders(k.toLowerCase(java.util.Locale.ROOT), v));
        AttributeContext.Builder attributes = AttributeContext.newBuilder()
                .setSource(AttributeContext.Peer.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                        SocketAddress.newBuilder().setAddress("10.0.0.7").setPortValue(51234))))
                .setDestination(AttributeContext.Peer.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                        SocketAddress.newBuilder().setAddress("10.0.0.2").setPortValue(8080))))
                .setRequest(AttributeContext.Request.newBuilder().setHttp(http));
        if (configId != null) {
            attributes.putContextExtensions("config_id", configId);
        }
        return CheckRequest.newBuilder().setAttributes(attributes).build();
    }

    public static AuthRequest request(Map<String, String> headers) {
        return AuthRequest.of(check("shop.keys", "GET", "/orders?page=2", headers), "shop.keys");
    }

    public static AuthOutcome evaluate(AuthEvaluator evaluator, AuthRequest request) {
        try {
            return evaluator.evaluate(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("evaluation did not complete", e);
        }
    }
}
