package dev.gantry.watcher.kubernetes;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Always UP (a follower is healthy); shows who leads. Not part of readiness. */
final class LeaderElectionHealthIndicator implements HealthIndicator {

    private final LeaderElection election;

    LeaderElectionHealthIndicator(LeaderElection election) {
        this.election = election;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up()
                .withDetail("lease", election.lease())
                .withDetail("identity", election.identity())
                .withDetail("leader", election.isLeader());
        if (election.currentLeader() != null) {
            health.withDetail("currentLeader", election.currentLeader());
        }
        return health.build();
    }
}
