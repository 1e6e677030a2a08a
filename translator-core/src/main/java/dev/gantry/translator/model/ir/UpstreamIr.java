package dev.gantry.translator.model.ir;

import dev.gantry.model.upstream.UpstreamSpec;

/**
 * A checked Upstream a route forwards to (see {@code UpstreamChecks}): stage two builds its cluster from the spec
 * ({@code features/UpstreamFeature}). A value: two backends naming an unchanged Upstream are equal, a changed one
 * is a different backend, so the kept cluster of the old spec is never reused for the new one.
 *
 * @param spec already checked: every field stage two reads is valid
 * @param tls what {@code sslConfig} references resolved to (the client certificate, a CA), or
 *            {@link UpstreamTlsMaterial#NONE}
 */
public record UpstreamIr(String namespace, String name, UpstreamSpec spec, UpstreamTlsMaterial tls) {

    public UpstreamIr {
        tls = tls == null ? UpstreamTlsMaterial.NONE : tls;
    }

    /** An Upstream whose {@code sslConfig} references no Kubernetes object. */
    public UpstreamIr(String namespace, String name, UpstreamSpec spec) {
        this(namespace, name, spec, UpstreamTlsMaterial.NONE);
    }

    /** Kubernetes names have no {@code _}, so no Upstream cluster ever collides with a Service's {@code kube_...}. */
    public String clusterName() {
        return "upstream_" + namespace + "_" + name;
    }

    /** Static hosts: the cluster carries them itself (STATIC or STRICT_DNS), no ClusterLoadAssignment from EDS. */
    public boolean staticHosts() {
        return spec.staticHosts() != null;
    }

    /** Whether every static host is an IP literal: Envoy then needs no DNS (a STATIC cluster, not STRICT_DNS). */
    public boolean staticIpsOnly() {
        return staticHosts() && spec.staticHosts().hosts().stream().allMatch(host -> IpLiterals.isIp(host.addr()));
    }

    /** Whether a static host's address is an IP literal (no SNI can be derived from it). */
    public static boolean isIp(String address) {
        return IpLiterals.isIp(address);
    }
}
