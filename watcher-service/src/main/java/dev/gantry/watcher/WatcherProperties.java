package dev.gantry.watcher;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the watcher takes resources from. Each source is its own configuration behind the same
 * {@link dev.gantry.watcher.publish.ResourcePublisher}, chosen by {@code gantry.watcher.source}.
 */
@ConfigurationProperties("gantry.watcher")
public record WatcherProperties(@DefaultValue("file") Source source, @DefaultValue FileSource file) {

    public enum Source {
        /** A folder of YAML manifests, for development. */
        FILE,
        /** The Kubernetes API, through informers. */
        KUBERNETES
    }

    /**
     * @param directory the folder watched recursively for {@code *.yaml} and {@code *.yml}
     * @param debounce  how long the folder must stay quiet after a change before it is rescanned
     */
    public record FileSource(@DefaultValue("examples") Path directory, @DefaultValue("5ms") Duration debounce) {
    }
}
