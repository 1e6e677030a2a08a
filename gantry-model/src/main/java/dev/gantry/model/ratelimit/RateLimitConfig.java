package dev.gantry.model.ratelimit;

import dev.gantry.model.GantryApi;
import dev.gantry.model.common.GantryStatus;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Rate limits served by ratelimit-service (CRD in k8s/crds/ratelimitconfig.yaml). */
@Group(GantryApi.GROUP)
@Version(GantryApi.VERSION)
@Plural("ratelimitconfigs")
@Singular("ratelimitconfig")
@ShortNames("rlc")
public class RateLimitConfig extends CustomResource<RateLimitConfigSpec, GantryStatus> implements Namespaced {
}
