package dev.gantry.support.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * With {@code show-values: always} (an operator debugging), {@code env} and {@code configprops} show ordinary
 * values but still mask every secret-bearing property Gantry's services have.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=env,configprops",
        "management.endpoint.env.show-values=always",
        "management.endpoint.configprops.show-values=always",
        "gantry.actuator.auth.tokens=reader-token-value",
        "probe.visible=plain-visible-value",
        "gantry.secrets.keys.k1=sealing-key-value",
        "spring.kafka.properties.sasl.jaas.config=ScramLoginModule required username=\"u\" password=\"jaas-pass-value\";",
        "spring.data.redis.password=redis-pass-value",
        "probe.private-key=private-key-value",
        "gantry.extauth.oidc.cookie-key=cookie-key-value",
        "probe.url=redis://user:uri-pass-value@redis:6379",
        "probe.password=bound-pass-value"})
class SecretValuesMaskingTest {

    private static final String[] SECRETS = {"reader-token-value", "sealing-key-value", "jaas-pass-value",
            "redis-pass-value", "private-key-value", "cookie-key-value", "uri-pass-value", "bound-pass-value"};

    @SpringBootApplication
    @EnableConfigurationProperties(Probe.class)
    static class App {
    }

    /** A bound properties class holding a secret, as the services' own properties classes do. */
    @ConfigurationProperties("probe")
    record Probe(String visible, String password, String url, Map<String, String> secrets) {
    }

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void envShowsOrdinaryValuesAndMasksSecrets() throws Exception {
        String env = get("/actuator/env");
        assertThat(env).contains("plain-visible-value");
        assertThat(env).doesNotContain(SECRETS);
        for (String key : new String[] {"gantry.secrets.keys.k1", "spring.data.redis.password",
                "spring.kafka.properties.sasl.jaas.config"}) {
            assertThat(get("/actuator/env/" + key)).as(key).contains("******").doesNotContain(SECRETS);
        }
    }

    @Test
    void configpropsShowOrdinaryValuesAndMaskSecrets() throws Exception {
        String configprops = get("/actuator/configprops");
        assertThat(configprops).contains("plain-visible-value");
        assertThat(configprops).doesNotContain(SECRETS);
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer reader-token-value").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
