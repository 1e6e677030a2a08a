package dev.gantry.model.upstream;

import dev.gantry.model.GantryApi;
import dev.gantry.model.common.GantryStatus;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A backend with its connection settings, usable as an HTTPRoute backendRef (CRD in k8s/crds/upstream.yaml). */
@Group(GantryApi.GROUP)
@Version(GantryApi.VERSION)
@Plural("upstreams")
@Singular("upstream")
@ShortNames("us")
public class Upstream extends CustomResource<UpstreamSpec, GantryStatus> implements Namespaced {
}
