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

/** Policy for the routes of a Gateway or listener (CRD in k8s/crds/virtualhostoption.yaml). */
@Group(GantryApi.GROUP)
@Version(GantryApi.VERSION)
@Plural("virtualhostoptions")
@Singular("virtualhostoption")
@ShortNames("vhopts")
public class VirtualHostOption extends CustomResource<VirtualHostOptionSpec, GantryStatus> implements Namespaced {
}
