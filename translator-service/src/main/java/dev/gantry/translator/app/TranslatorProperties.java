package dev.gantry.translator.app;

import dev.gantry.translator.features.PolicyServices;
import dev.gantry.translator.features.PolicyServicesTls;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

@ConfigurationProperties("gantry")
public record TranslatorProperties(@DefaultValue Kafka kafka, @DefaultValue Redis redis, @DefaultValue Sharding sharding,
        @DefaultValue PolicyServicesProperties policyServices) {

    /**
     * @param resourcesTopic the compacted topic holding every resource
     * @param resourcesPartitions partitions of that topic, used when the translator creates it
     * @param pollTimeout how long one poll of the topic waits for records
     * @param statusTopic the compacted topic the translator writes each object's status to
     * @param historyCheckInterval how often the resources topic's id and partitions are looked up, to notice it was
     *                             created again (or partitions were added) behind the translator
     */
    public record Kafka(
            @DefaultValue("gantry.resources") String resourcesTopic,
            @DefaultValue("6") int resourcesPartitions,
            @DefaultValue("100ms") Duration pollTimeout,
            @DefaultValue("gantry.status") String statusTopic,
            @DefaultValue("10s") Duration historyCheckInterval) {
    }

    /**
     * @param keyPrefix the prefix of every Redis key Gantry writes
     * @param fenceCheckInterval how often the translator checks that Redis still holds the incarnation it writes in,
     *                           so that an emptied Redis gets every snapshot back without waiting for an input change
     */
    public record Redis(@DefaultValue("gantry:") String keyPrefix, @DefaultValue("5s") Duration fenceCheckInterval) {
    }

    /**
     * @param enabled  whether replicas split the Gateways among them (DESIGN.md §4); off, this replica writes all
     * @param topic    the topic whose partitions are the shards; no records flow on it
     * @param shards   its partitions, when the translator creates it (an existing topic's count is used as it is)
     * @param group    the consumer group every translator replica joins
     * @param sessionTimeout how long a replica that vanished without leaving keeps its shards
     */
    public record Sharding(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("gantry.shards") String topic,
            @DefaultValue("12") int shards,
            @DefaultValue("gantry-translator-shards") String group,
            @DefaultValue("10s") Duration sessionTimeout) {
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
            @DefaultValue("0") int extAuthMaxRequestBytes,
            @DefaultValue PolicyServicesTlsProperties tls) {

        public PolicyServices toPolicyServices() {
            return new PolicyServices(
                    new PolicyServices.RateLimitService(rateLimitHost, rateLimitPort, rateLimitTimeout, rateLimitFailureModeDeny),
                    new PolicyServices.ExtAuthService(extAuthHost, extAuthPort, extAuthTimeout, extAuthFailureModeAllow,
                            extAuthMaxRequestBytes),
                    tls.toPolicyServicesTls());
        }
    }

    /**
     * How Envoy dials ratelimit-service and extauth-service with TLS ({@code gantry.policy-services.tls.*},
     * docs/security.md). The defaults are the files the deployer's bootstrap gives every proxy: the CA and the proxy's
     * own xDS client certificate as file-based SDS resources, which Envoy reloads when the deployer rotates them.
     * A CA file or certificate files (docker compose) take the place of the SDS resources when set.
     *
     * @param enabled             dial the services with TLS (the services must serve TLS then)
     * @param caFile              PEM CA bundle on the proxy; blank: the SDS validation context below
     * @param caSdsName           name of the SDS validation context
     * @param caSdsPath           file holding it
     * @param clientCertificate   present a client certificate (the services require one in k8s/ and compose)
     * @param certificateFile     PEM certificate chain on the proxy, with privateKeyFile; blank: the SDS certificate
     * @param privateKeyFile      its private key
     * @param certificateSdsName  name of the SDS certificate
     * @param certificateSdsPath  file holding it
     * @param sdsWatchedDirectory directory whose changes make Envoy re-read the SDS files (the mounted Secret)
     */
    public record PolicyServicesTlsProperties(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("") String caFile,
            @DefaultValue("xds-ca") String caSdsName,
            @DefaultValue("/etc/envoy/sds-xds-validation.json") String caSdsPath,
            @DefaultValue("true") boolean clientCertificate,
            @DefaultValue("") String certificateFile,
            @DefaultValue("") String privateKeyFile,
            @DefaultValue("xds-client-certificate") String certificateSdsName,
            @DefaultValue("/etc/envoy/sds-xds-certificate.json") String certificateSdsPath,
            @DefaultValue("/etc/envoy/xds-tls") String sdsWatchedDirectory) {

        /** null when TLS is off; IllegalArgumentException naming the property when the settings do not fit. */
        public PolicyServicesTls toPolicyServicesTls() {
            if (!enabled) {
                return null;
            }
            try {
                PolicyServicesTls.Source ca = caFile.isBlank()
                        ? new PolicyServicesTls.SdsFile(caSdsName, caSdsPath, sdsWatchedDirectory)
                        : new PolicyServicesTls.CaFile(caFile);
                return new PolicyServicesTls(ca, clientCertificate ? certificate() : null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("gantry.policy-services.tls: " + e.getMessage(), e);
            }
        }

        private PolicyServicesTls.Source certificate() {
            if (certificateFile.isBlank() != privateKeyFile.isBlank()) {
                throw new IllegalArgumentException("certificate-file and private-key-file go together; one is missing");
            }
            return certificateFile.isBlank()
                    ? new PolicyServicesTls.SdsFile(certificateSdsName, certificateSdsPath, sdsWatchedDirectory)
                    : new PolicyServicesTls.CertificateFiles(certificateFile, privateKeyFile);
        }
    }
}
