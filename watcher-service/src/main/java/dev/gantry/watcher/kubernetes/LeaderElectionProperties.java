package dev.gantry.watcher.kubernetes;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Leader election over a coordination.k8s.io Lease. Only the leader writes to the Kubernetes API.
 *
 * @param leaseName     the Lease all watcher replicas compete for
 * @param namespace     where the Lease lives; empty means the client's namespace (the pod's own)
 * @param identity      this replica's name in the Lease; empty means the host name plus a random suffix
 * @param leaseDuration how long a Lease holds without renewal before others may take it
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leading
 * @param retryPeriod   how often candidates try to acquire and the leader renews
 */
@ConfigurationProperties("gantry.watcher.leader-election")
public record LeaderElectionProperties(
        @DefaultValue("gantry-watcher") String leaseName,
        @DefaultValue("") String namespace,
        @DefaultValue("") String identity,
        @DefaultValue("15s") Duration leaseDuration,
        @DefaultValue("10s") Duration renewDeadline,
        @DefaultValue("2s") Duration retryPeriod) {
}
