package dev.gantry.translator;

import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.SecretKeys;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A TLS Secret as the watcher publishes it: the certificate readable, the key sealed under a test key. */
public final class TestTls {

    /** The self-signed certificate of the envoy fixtures (secure.example.com), base64 as a Secret holds it. */
    public static final String CERTIFICATE_BASE64 = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJrVENDQVRlZ0F3SUJBZ0lVRE1iY0xwRzdCK0F1NExRK21sZXZqQ1RZNEJrd0NnWUlLb1pJemowRUF3SXcKSFRFYk1Ca0dBMVVFQXd3U2MyVmpkWEpsTG1WNFlXMXdiR1V1WTI5dE1DQVhEVEkyTVRFeU5qQTFORGMwTmxvWQpEekl4TWpZeE1UQXlNRFUwTnpRMldqQWRNUnN3R1FZRFZRUUREQkp6WldOMWNtVXVaWGhoYlhCc1pTNWpiMjB3CldUQVRCZ2NxaGtqT1BRSUJCZ2dxaGtqT1BRTUJCd05DQUFTMGFNZU12T1FGSTBwNkY0UDFNL3pLSUM4akJDcU4KYVZRUVRLdkhPN05YOTA0VFFSQXUrNFRmcFBIM3ZQMXdldDEzUWdxbGNvaXZzYlNGc21SKys2OTFvMU13VVRBZApCZ05WSFE0RUZnUVVOOHUxRTE3bVRrdkowYVYwblgxK3hXa2RFc2N3SHdZRFZSMGpCQmd3Rm9BVU44dTFFMTdtClRrdkowYVYwblgxK3hXa2RFc2N3RHdZRFZSMFRBUUgvQkFVd0F3RUIvekFLQmdncWhrak9QUVFEQWdOSUFEQkYKQWlBZ2FMN0tuS0pWRzJ2c3YvN09RZFhQQWdQYkJ0SzliZzFZcTFEN0hpaE5RZ0loQUs3cXg5a1lBNUFLZGlBNgpSRnZpSHVxSkhIOVpGRlg5U1dSd1BndlZDcytzCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K";
    /** The private key of {@link #CERTIFICATE_BASE64}. */
    public static final String PEM_KEY = "-----BEGIN PRIVATE KEY-----\n"
            + "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgyRNv3t/CDyqdF4r5\n"
            + "LQnDGEGtW5slMSxx8fcokhDzmGOhRANCAAS0aMeMvOQFI0p6F4P1M/zKIC8jBCqN\n"
            + "aVQQTKvHO7NX904TQRAu+4TfpPH3vP1wet13QgqlcoivsbSFsmR++691\n"
            + "-----END PRIVATE KEY-----\n";
    public static final SecretCipher CIPHER = new SecretCipher(
            SecretKeys.of("test1", Map.of("test1", "dY/6bnPpQd7LIPW4zr/ncseX6xcLHg+N1N+nTsyKL/M=")));

    private TestTls() {
    }

    /** The key of Secret {@code namespace/name} sealed as the watcher seals it. */
    public static String sealedKey(String namespace, String name) {
        return CIPHER.encrypt(SecretCipher.aad("/Secret/" + namespace + "/" + name, "tls.key"),
                PEM_KEY.getBytes(StandardCharsets.UTF_8));
    }

    public static String sealedSecretJson(String namespace, String name) {
        return """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"%s","namespace":"%s"},"type":"kubernetes.io/tls",
                 "data":{"tls.crt":"%s","tls.key":"%s"}}""".formatted(name, namespace, CERTIFICATE_BASE64,
                sealedKey(namespace, name));
    }
}
