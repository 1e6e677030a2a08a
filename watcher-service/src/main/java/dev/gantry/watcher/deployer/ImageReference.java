package dev.gantry.watcher.deployer;

import dev.gantry.model.parameters.GatewayParametersSpec.Image;

/** Splits "registry/repository:tag@digest" into GatewayParameters' image fields, so parameters can override a part. */
final class ImageReference {

    private ImageReference() {
    }

    static Image parse(String reference) {
        String rest = reference;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String registry = null;
        int slash = rest.indexOf('/');
        // the first segment is a registry only when it looks like a host (has a dot or port, or is localhost)
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        return new Image(registry, rest, tag, digest, "IfNotPresent");
    }
}
