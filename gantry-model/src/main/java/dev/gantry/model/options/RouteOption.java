package dev.gantry.model.options;

import dev.gantry.model.GantryApi;
import dev.gantry.model.common.GantryStatus;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Route-level policy, attached by targetRefs or an HTTPRoute ExtensionRef filter (CRD in k8s/crds/routeoption.yaml). */
@Group(GantryApi.GROUP)
@Version(GantryApi.VERSION)
@Plural("routeoptions")
@Singular("routeoption")
@ShortNames("rtopts")
public class RouteOption extends CustomResource<RouteOptionSpec, GantryStatus> implements Namespaced {
}
