package dev.gantry.watcher;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

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
    /**
     * @param maxFileSize a manifest file larger than this is not read (the objects it published before are kept, and
     *                    the log says why), so one huge file cannot hold up every other change
     * @param parseBudget how long reading one manifest file may take; a file that takes longer is refused the same
     *                    way (YAML that is slow to parse, or a machine too busy for a file this big)
     */
    public record FileSource(@DefaultValue("examples") Path directory, @DefaultValue("5ms") Duration debounce,
            @DefaultValue("8MB") DataSize maxFileSize, @DefaultValue("10s") Duration parseBudget) {
    }
}
