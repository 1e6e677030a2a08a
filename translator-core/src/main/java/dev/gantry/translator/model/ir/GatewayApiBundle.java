package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ResourceIndex;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GatewayClass {@code SupportedVersion} condition: whether the installed Gateway API CRDs are of a
 * bundle version Gantry supports. The version is each CRD's {@code gateway.networking.k8s.io/bundle-version}
 * annotation (Gateway API spec); Gantry supports the minor versions it is tested against, v1.1 to v1.6
 * (the conformance suite it runs is v1.6.1).
 *
 * <p>Unsupported is "best effort" as the spec allows: {@code SupportedVersion=False/UnsupportedVersion}, the
 * class stays {@code Accepted}, so a CRD upgrade ahead of Gantry does not take every Gateway down. When no
 * Gateway API CRD is known at all (manifests translated from files, or a watcher that does not publish
 * CRDs) there is nothing to check and the condition is True with a message saying it was not verified.
 */
final class GatewayApiBundle {

    static final String ANNOTATION = KubernetesGroups.GATEWAY_API + "/bundle-version";
    static final int MAJOR = 1;
    static final int MIN_MINOR = 1;
    static final int MAX_MINOR = 6;
    private static final Pattern VERSION = Pattern.compile("v?(\\d{1,6})\\.(\\d{1,6})(\\.\\d+)?(-[0-9A-Za-z.-]+)?");
    private static final String SUPPORTED = "v" + MAJOR + "." + MIN_MINOR + " to v" + MAJOR + "." + MAX_MINOR;

    /** The verdict: supported or not, and the message naming what was found. */
    record Verdict(boolean supported, String message) {
    }

    private GatewayApiBundle() {
    }

    static Verdict of(ResourceIndex index) {
        TreeSet<String> versions = new TreeSet<>();
        List<String> unsupported = new ArrayList<>();
        for (GenericKubernetesResource crd : index.customResourceDefinitions()) {
            String name = crd.getMetadata().getName();
            if (name == null || !name.endsWith("." + KubernetesGroups.GATEWAY_API)) {
                continue;
            }
            Map<String, String> annotations = crd.getMetadata().getAnnotations();
            String version = annotations == null ? null : annotations.get(ANNOTATION);
            if (version == null || version.isBlank()) {
                unsupported.add(name + " has no " + ANNOTATION + " annotation");
            } else if (!supported(version.trim())) {
                unsupported.add(name + " is of bundle version " + version.trim());
            } else {
                versions.add(version.trim());
            }
        }
        if (!unsupported.isEmpty()) {
            return new Verdict(false, "Gateway API CRDs of an unsupported version: " + String.join("; ", unsupported)
                    + ". Gantry supports " + SUPPORTED + " and works on a best-effort basis");
        }
        if (versions.isEmpty()) {
            return new Verdict(true, "No Gateway API CRD is known to Gantry, so the bundle version was not verified"
                    + " (Gantry supports " + SUPPORTED + ")");
        }
        return new Verdict(true, "Gateway API CRD bundle version " + String.join(", ", versions) + " is supported");
    }

    static boolean supported(String version) {
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.matches()) {
            return false;
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        return major == MAJOR && minor >= MIN_MINOR && minor <= MAX_MINOR;
    }
}
