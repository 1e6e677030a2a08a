package dev.gantry.watcher.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * One API kind the watcher reads, addressed without model classes.
 *
 * @param group  API group, empty for the core API
 * @param plural the resource name in URLs
 */
public record WatchedKind(String group, String version, String kind, String plural, boolean namespaced) {

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The same kind at another version (status records name the version the translator read). */
    public WatchedKind atVersion(String otherVersion) {
        return new WatchedKind(group, otherVersion, kind, plural, namespaced);
    }

    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(namespaced)
                .build();
    }

    /**
     * The {@code source} of published objects of this kind: {@code kubernetes:<plural>[.<group>]}. All start
     * with {@link WatchedKinds#SOURCE_PREFIX}, so one listing speaks for every kind.
     */
    public String source() {
        return WatchedKinds.SOURCE_PREFIX + plural + (group.isEmpty() ? "" : "." + group);
    }

    @Override
    public String toString() {
        return kind + "." + apiVersion();
    }
}
