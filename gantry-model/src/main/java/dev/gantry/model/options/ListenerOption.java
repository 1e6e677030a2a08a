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

/** Socket settings of a Gateway's listeners (CRD in k8s/crds/listeneroption.yaml). */
@Group(GantryApi.GROUP)
@Version(GantryApi.VERSION)
@Plural("listeneroptions")
@Singular("listeneroption")
@ShortNames("lisopts")
public class ListenerOption extends CustomResource<ListenerOptionSpec, GantryStatus> implements Namespaced {
}
