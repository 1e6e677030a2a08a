package dev.gantry.translator.model.ir;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.TlsKeyPairs;
import dev.gantry.translator.TestTls;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.TestResources;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SecretObjectReferenceBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CertificatesTest {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(Certificates.class);

    @BeforeEach
    void captureLogs() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logged);
    }

    private static String secret(String name, String section, String key) {
        String values = "data".equals(section)
                ? "data: {tls.crt: %s, tls.key: \"%s\"}".formatted(TestTls.CERTIFICATE_BASE64, key)
                : "data: {tls.crt: %s}\nstringData: {tls.key: \"%s\"}".formatted(TestTls.CERTIFICATE_BASE64, key);
        return """
                apiVersion: v1
                kind: Secret
                metadata: {namespace: infra, name: %s}
                type: kubernetes.io/tls
                %s
                """.formatted(name, values);
    }

    private static Certificates.Resolution resolve(ResourceIndex index, String name) {
        return Certificates.resolve(index, "infra", new SecretObjectReferenceBuilder().withName(name).build());
    }

    private List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aSealedKeyIsPassedOnUnopened() {
        String sealed = TestTls.sealedKey("infra", "sealed");
        ResourceIndex index = TestResources.index(secret("sealed", "data", sealed));

        Certificates.Resolution resolution = resolve(index, "sealed");

        assertThat(resolution.resolved()).as(resolution.message()).isTrue();
        assertThat(resolution.certificate().privateKey()).isEqualTo(sealed);
        assertThat(resolution.certificate().certificateChain()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aSealedStringDataKeyIsPassedOnToo() {
        String sealed = TestTls.sealedKey("infra", "string-sealed");

        Certificates.Resolution resolution = resolve(TestResources.index(secret("string-sealed", "stringData", sealed)),
                "string-sealed");

        assertThat(resolution.certificate().privateKey()).isEqualTo(sealed);
        assertThat(SecretCipher.isEnvelope(resolution.certificate().privateKey())).isTrue();
    }

    @Test
    void aClearKeyIsAcceptedWithOneWarningNamingTheSecretButNotTheKey() {
        String clear = Base64.getEncoder().encodeToString(TestTls.PEM_KEY.getBytes(StandardCharsets.UTF_8));
        ResourceIndex index = TestResources.index(secret("clear", "data", clear));

        Certificates.Resolution first = resolve(index, "clear");
        Certificates.Resolution second = resolve(index, "clear");

        assertThat(first.certificate().privateKey()).isEqualTo(TestTls.PEM_KEY);
        assertThat(second.resolved()).isTrue();
        assertThat(warnings()).singleElement().satisfies(w -> assertThat(w)
                .contains("infra/clear", "in the clear").doesNotContain("PRIVATE KEY", "MIGH"));
    }

    @Test
    void aClearKeyThatIsNotPemIsStillRefused() {
        String notPem = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));

        Certificates.Resolution resolution = resolve(TestResources.index(secret("bad", "data", notPem)), "bad");

        assertThat(resolution.resolved()).isFalse();
        assertThat(resolution.message()).contains("is not a PEM private key");
    }
    private static String resource(String name) {
        try (var in = CertificatesTest.class.getResourceAsStream("/tls/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pair(String name, String certificate, String key, String annotation) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {namespace: infra, name: %s%s}
                type: kubernetes.io/tls
                data: {tls.crt: %s, tls.key: "%s"}
                """.formatted(name, annotation == null ? "" : ", annotations: {" + TlsKeyPairs.ANNOTATION + ": '" + annotation + "'}",
                Base64.getEncoder().encodeToString(certificate.getBytes(StandardCharsets.US_ASCII)), key);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aClearKeyMustBeThePrivateKeyOfTheCertificateRsaOrEc() {
        String ec = resource("ec.crt");
        String rsa = resource("rsa.crt");
        ResourceIndex index = TestResources.index(
                pair("ec-ok", ec, b64(resource("ec-sec1.key")), null),
                pair("ec-other", ec, b64(resource("other-ec-sec1.key")), null),
                pair("rsa-ok", rsa, b64(resource("rsa-pkcs1.key")), null),
                pair("rsa-with-ec-key", rsa, b64(resource("ec-sec1.key")), null),
                pair("unreadable", ec, b64("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), null));

        assertThat(resolve(index, "ec-ok").resolved()).isTrue();
        assertThat(resolve(index, "rsa-ok").resolved()).isTrue();
        for (String name : List.of("ec-other", "rsa-with-ec-key")) {
            Certificates.Resolution resolution = resolve(index, name);
            assertThat(resolution.resolved()).as(name).isFalse();
            assertThat(resolution.reason()).isEqualTo("InvalidCertificateRef");
            assertThat(resolution.message()).contains("infra/" + name, "tls.key is not the private key of the certificate");
        }
        assertThat(resolve(index, "unreadable").message()).contains("not a private key Gantry can read");
    }

    @Test
    void aSealedKeyIsJudgedByTheVerdictTheWatcherRecorded() {
        String ec = resource("ec.crt");
        String sealed = TestTls.sealedKey("infra", "x");
        String matches = TlsKeyPairs.expectedVerdict(ec).orElseThrow();
        String otherCertificate = TlsKeyPairs.expectedVerdict(resource("rsa.crt")).orElseThrow();
        ResourceIndex index = TestResources.index(
                pair("matches", ec, sealed, matches),
                pair("mismatch", ec, sealed, TlsKeyPairs.MISMATCH),
                pair("stale", ec, sealed, otherCertificate),
                pair("unreadable", ec, sealed, TlsKeyPairs.UNREADABLE),
                pair("older-watcher", ec, sealed, null));

        assertThat(resolve(index, "matches").resolved()).isTrue();
        assertThat(resolve(index, "older-watcher").resolved()).as("no verdict: nothing to judge by").isTrue();
        for (String name : List.of("mismatch", "stale", "unreadable")) {
            assertThat(resolve(index, name).resolved()).as(name).isFalse();
            assertThat(resolve(index, name).reason()).isEqualTo("InvalidCertificateRef");
        }
    }
}
