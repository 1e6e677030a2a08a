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

/** HTTP settings of a Gateway's listeners (CRD in k8s/crds/httplisteneroption.yaml). */
@Group(GantryApi.GROUP)
@Version(GantryApi.VERSION)
@Plural("httplisteneroptions")
@Singular("httplisteneroption")
@ShortNames("hlopts")
public class HttpListenerOption extends CustomResource<HttpListenerOptionSpec, GantryStatus> implements Namespaced {
}
