package dev.gantry.support.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;

/** An Actuator behind {@link ActuatorAccessFilter}, probed the way an intruder in the cluster would. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=*",
        "gantry.actuator.auth.tokens=old-token,new-token",
        "app.password=s3cret-value",
        // Redis is on the test classpath (the policy loading's tests); this application has none to be healthy with
        "spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration"})
class ActuatorAccessTest {

    @SpringBootApplication
    static class App {
    }

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthProbesStayOpen() throws Exception {
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void everythingElseNeedsOneOfTheTokens() throws Exception {
        for (String path : new String[] {"/actuator", "/actuator/env", "/actuator/metrics", "/actuator/configprops",
                "/actuator/loggers", "/actuator/beans", "/actuator/healthz"}) {
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
            assertThat(get(path, "Bearer wrong-token").statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "Basic b2xkLXRva2Vu").statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "Bearer ").statusCode()).as(path).isEqualTo(401);
        }
        assertThat(get("/actuator/metrics", "Bearer old-token").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/metrics", "bearer new-token").statusCode()).isEqualTo(200);
    }

    /** Paths that resolve to a guarded endpoint through the health prefix are judged as that endpoint. */
    @Test
    void pathTricksThroughHealthDoNotOpenOtherEndpoints() throws Exception {
        for (String path : new String[] {"/actuator/health/../env", "/actuator/health/%2e%2e/env",
                "/actuator/health;x=1/../env", "/actuator/./env", "//actuator/env", "/actuator//env",
                "/actuator/health/..;/env", "/ACTUATOR/env"}) {
            int status = rawGet(path);
            assertThat(status).as(path).isIn(400, 401, 404);
        }
    }

    @Test
    void valuesAreMaskedEvenForAnAuthenticatedReader() throws Exception {
        HttpResponse<String> env = get("/actuator/env/app.password", "Bearer new-token");
        assertThat(env.statusCode()).isEqualTo(200);
        assertThat(env.body()).doesNotContain("s3cret-value");
        assertThat(get("/actuator/env", "Bearer new-token").body()).doesNotContain("old-token").doesNotContain("new-token");
    }

    @Test
    void modeNoneIsRefusedOffLoopback() {
        assertThatThrownBy(() -> SpringApplication.run(App.class, "--server.port=0",
                "--gantry.actuator.auth.mode=none").close())
                .hasStackTraceContaining("accepted only with server.address on a loopback address");
        assertThatThrownBy(() -> SpringApplication.run(App.class, "--server.port=0", "--server.address=0.0.0.0",
                "--gantry.actuator.auth.mode=none").close())
                .hasStackTraceContaining("not 0.0.0.0");
        assertThatThrownBy(() -> SpringApplication.run(App.class, "--server.port=0",
                "--management.server.port=0").close())
                .hasStackTraceContaining("management.server.port=0 is not supported");
    }

    @Test
    void modeNoneOnLoopbackIsOpen() throws Exception {
        try (var context = SpringApplication.run(App.class, "--server.port=0", "--server.address=127.0.0.1",
                "--gantry.actuator.auth.mode=none", "--management.endpoints.web.exposure.include=*")) {
            int open = context.getEnvironment().getProperty("local.server.port", Integer.class);
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + open + "/actuator/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends the path byte for byte (java.net.URI would normalise some of these before they leave). */
    private int rawGet(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
