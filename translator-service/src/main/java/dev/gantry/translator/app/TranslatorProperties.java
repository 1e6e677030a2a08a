package dev.gantry.translator.app;

import dev.gantry.translator.features.PolicyServices;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

@ConfigurationProperties("gantry")
public record TranslatorProperties(@DefaultValue Kafka kafka, @DefaultValue Redis redis,
        @DefaultValue PolicyServicesProperties policyServices) {

    /**
     * @param resourcesTopic the compacted topic holding every resource
     * @param resourcesPartitions partitions of that topic, used when the translator creates it
     * @param pollTimeout how long one poll of the topic waits for records
     * @param statusTopic the compacted topic the translator writes each object's status to
     */
    public record Kafka(
            @DefaultValue("gantry.resources") String resourcesTopic,
            @DefaultValue("6") int resourcesPartitions,
            @DefaultValue("100ms") Duration pollTimeout,
            @DefaultValue("gantry.status") String statusTopic) {
    }

    /** @param keyPrefix the prefix of every Redis key Gantry writes */
    public record Redis(@DefaultValue("gantry:") String keyPrefix) {
    }

    /**
     * Where Envoy's rate-limit and ext-auth filters call ratelimit-service and extauth-service
     * ({@code gantry.policy-services.*}); the defaults are the Services k8s/base deploys.
     */
    public record PolicyServicesProperties(
            @DefaultValue("gantry-ratelimit.gantry-system.svc.cluster.local") String rateLimitHost,
            @DefaultValue("18001") int rateLimitPort,
            @DefaultValue("100ms") Duration rateLimitTimeout,
            @DefaultValue("false") boolean rateLimitFailureModeDeny,
            @DefaultValue("gantry-extauth.gantry-system.svc.cluster.local") String extAuthHost,
            @DefaultValue("18002") int extAuthPort,
            @DefaultValue("200ms") Duration extAuthTimeout,
            @DefaultValue("false") boolean extAuthFailureModeAllow,
            @DefaultValue("0") int extAuthMaxRequestBytes) {

        public PolicyServices toPolicyServices() {
            return new PolicyServices(
                    new PolicyServices.RateLimitService(rateLimitHost, rateLimitPort, rateLimitTimeout, rateLimitFailureModeDeny),
                    new PolicyServices.ExtAuthService(extAuthHost, extAuthPort, extAuthTimeout, extAuthFailureModeAllow,
                            extAuthMaxRequestBytes));
        }
    }
}
