package dev.gantry.xds.auth;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reviews tokens with the Kubernetes TokenReview API (needs RBAC {@code create} on
 * {@code authentication.k8s.io/tokenreviews}). The client is built on first use, so a deployment that never
 * sees a token (mode {@code mtls}, {@code none}) never needs a Kubernetes API.
 */
public class KubernetesTokenReviewer implements TokenReviewer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubernetesTokenReviewer.class);

    private final Supplier<KubernetesClient> clientFactory;
    private volatile KubernetesClient client;

    public KubernetesTokenReviewer() {
        this(() -> new KubernetesClientBuilder().build());
    }

    KubernetesTokenReviewer(Supplier<KubernetesClient> clientFactory) {
        this.clientFactory = clientFactory;
    }

    @Override
    public Review review(String token, String audience) {
        TokenReview request = new TokenReviewBuilder().withNewSpec().withToken(token).withAudiences(audience)
                .endSpec().build();
        TokenReview answer;
        try {
            answer = client().authentication().v1().tokenReviews().create(request);
        } catch (RuntimeException e) {
            log.warn("TokenReview failed: {}", e.toString());
            return Review.unavailable("TokenReview failed: " + e.getMessage());
        }
        var status = answer.getStatus();
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null) {
            return Review.refused(status == null || status.getError() == null ? "not authenticated" : status.getError());
        }
        List<String> audiences = status.getAudiences() == null ? List.of() : status.getAudiences();
        return Review.authenticated(status.getUser().getUsername(), audiences);
    }

    private KubernetesClient client() {
        KubernetesClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = clientFactory.get();
                }
                current = client;
            }
        }
        return current;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
