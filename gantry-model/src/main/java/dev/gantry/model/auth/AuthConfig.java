package dev.gantry.model.auth;

import dev.gantry.model.GantryApi;
import dev.gantry.model.common.GantryStatus;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Checks run by extauth-service (CRD in k8s/crds/authconfig.yaml). */
@Group(GantryApi.GROUP)
@Version(GantryApi.VERSION)
@Plural("authconfigs")
@Singular("authconfig")
@ShortNames("ac")
public class AuthConfig extends CustomResource<AuthConfigSpec, GantryStatus> implements Namespaced {
}
