package dev.gantry.extauth.evaluator.oidc;

import dev.gantry.extauth.support.Requests;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * A browser, as far as the login flow needs one: it keeps cookies, and follows redirects itself. Requests to the
 * application ({@code https://shop.example.com}) go through the gateway: each becomes the CheckRequest Envoy would
 * send for it (with the browser's cookies for that site), and the gateway's 302 is followed like any other.
 * Requests to the provider are real HTTP.
 */
final class Browser {

    static final String APP = "https://shop.example.com";

    /** What the browser got for one request. */
    record Page(int status, String url, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final Function<CheckRequest, CheckResponse> gateway;
    private final String configId;
    private final HttpClient provider = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).connectTimeout(Duration.ofSeconds(30))
            .build();
    /** The application's cookies, by name. */
    final Map<String, String> appCookies = new LinkedHashMap<>();

    Browser(Function<CheckRequest, CheckResponse> gateway, String configId) {
        this.gateway = gateway;
        this.configId = configId;
    }

    /** One request, redirects not followed. */
    Page open(String url) throws IOException, InterruptedException {
        if (url.startsWith(APP)) {
            return throughGateway(url.substring(APP.length()));
        }
        HttpResponse<String> response = provider.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return page(url, response);
    }

    /** Follows redirects until a page that is not one. */
    Page follow(String url) throws IOException, InterruptedException {
        Page page = open(url);
        for (int hops = 0; page.status() / 100 == 3 && hops < 10; hops++) {
            page = open(URI.create(page.url()).resolve(page.header("location")).toString());
        }
        return page;
    }

    Page postForm(String url, Map<String, String> form) throws IOException, InterruptedException {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpResponse<String> response = provider.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        return page(url, response);
    }

    private static Page page(String url, HttpResponse<String> response) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                String.join(",", v)));
        return new Page(response.statusCode(), url, headers, response.body());
    }

    /** The request as Envoy would check it, and the answer as Envoy would give it to the browser. */
    private Page throughGateway(String path) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!appCookies.isEmpty()) {
            StringJoiner cookie = new StringJoiner("; ");
            appCookies.forEach((k, v) -> cookie.add(k + "=" + v));
            headers.put("cookie", cookie.toString());
        }
        headers.put("accept", "text/html");
        CheckResponse response = gateway.apply(Requests.check(configId, "GET", path, headers));
        Map<String, String> answer = new LinkedHashMap<>();
        if (response.hasOkResponse() && response.getStatus().getCode() == 0) {
            // what reaches the upstream: the headers the gateway set on the request
            response.getOkResponse().getHeadersList().forEach(h -> answer.put(
                    h.getHeader().getKey().toLowerCase(java.util.Locale.ROOT), h.getHeader().getValue()));
            return new Page(200, APP + path, answer, "upstream");
        }
        response.getDeniedResponse().getHeadersList().forEach(h -> answer.put(
                h.getHeader().getKey().toLowerCase(java.util.Locale.ROOT), h.getHeader().getValue()));
        String setCookie = answer.get("set-cookie");
        if (setCookie != null) {
            remember(setCookie);
        }
        return new Page(response.getDeniedResponse().getStatus().getCodeValue(), APP + path, answer, "");
    }

    private void remember(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String name = pair.substring(0, eq).strip();
        String value = pair.substring(eq + 1).strip();
        if (value.isEmpty() || setCookie.contains("Max-Age=0")) {
            appCookies.remove(name);
        } else {
            appCookies.put(name, value);
        }
    }
}
