package dev.gantry.ratelimit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP GETs against the service's Actuator, as a probe or a Prometheus scraper would make them. */
final class ActuatorClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;

    ActuatorClient(int port) {
        this.port = port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            // the token src/test/resources/application.properties gives the Actuator (health needs none)
            .header("Authorization", "Bearer test-actuator-token")
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
