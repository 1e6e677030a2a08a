package dev.gantry.model.parameters;

import dev.gantry.model.GantryApi;
import dev.gantry.model.common.GantryStatus;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** How Gantry deploys a Gateway's Envoy proxy (CRD in k8s/crds/gatewayparameters.yaml). */
@Group(GantryApi.GROUP)
@Version(GantryApi.VERSION)
@Plural("gatewayparameters")
@Singular("gatewayparameters")
@ShortNames("gwparams")
public class GatewayParameters extends CustomResource<GatewayParametersSpec, GantryStatus> implements Namespaced {
}
