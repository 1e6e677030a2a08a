package dev.gantry.watcher.deployer;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the proxy deployer.
 *
 * @param enabled    deploy an Envoy for every Gateway of Gantry's class (needs a Kubernetes API server)
 * @param xdsAddress host:port of xds-service as the proxies reach it
 * @param envoyImage Envoy image when GatewayParameters name none
 * @param namespaces namespaces whose Gateways get a proxy; empty means all
 * @param resync     how often every Gateway is reconciled again, repairing edits made behind Gantry's back
 */
@ConfigurationProperties("gantry.deployer")
public record DeployerProperties(boolean enabled, String xdsAddress, String envoyImage, List<String> namespaces,
        Duration resync) {

    public static final String DEFAULT_XDS_ADDRESS = "gantry-xds.gantry-system.svc:18000";
    public static final String DEFAULT_ENVOY_IMAGE = "docker.io/envoyproxy/envoy:v1.34.1";

    public DeployerProperties {
        xdsAddress = xdsAddress == null || xdsAddress.isBlank() ? DEFAULT_XDS_ADDRESS : xdsAddress;
        envoyImage = envoyImage == null || envoyImage.isBlank() ? DEFAULT_ENVOY_IMAGE : envoyImage;
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        resync = resync == null ? Duration.ofMinutes(5) : resync;
        XdsAddress.parse(xdsAddress);
    }

    public static DeployerProperties defaults() {
        return new DeployerProperties(true, null, null, null, null);
    }

    public XdsAddress xds() {
        return XdsAddress.parse(xdsAddress);
    }
}
